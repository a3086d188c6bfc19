// npm test's static checks: types, lint, formatting and the API reference (TypeDoc fails on an undocumented export).
// Their verdict does not depend on the Node version that runs them, so .ci/run's second and third Node set
// COGNITO_CONNECT_CHECKS=0 and leave them to the first run, as they leave the run-once suites (vitest.config.ts).
import { spawnSync } from 'node:child_process';

if (process.env.COGNITO_CONNECT_CHECKS === '0') {
  console.log('static checks: left to the first Node of this CI run (COGNITO_CONNECT_CHECKS=0)');
} else {
  for (const script of ['typecheck', 'lint', 'format:check', 'docs:check']) {
    const run = spawnSync('npm', ['run', script], { stdio: 'inherit', shell: process.platform === 'win32' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
