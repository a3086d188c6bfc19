// Root `prepare` (runs after `npm install` / `npm ci`): builds the CLI and what it depends on once, so a fresh clone's
// `npx cognito-connect` works. It does nothing when the CLI is already built (a lerna publish of built packages runs
// `prepare` too, in a clone without node_modules, and must not rebuild there).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url);
if (existsSync(new URL('packages/cli/dist/bin.js', root))) process.exit(0);
const result = spawnSync('npx', ['lerna', 'run', 'build', '--scope', 'cognito-connect', '--include-dependencies'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
