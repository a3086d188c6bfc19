// Proves a package's built output loads the way users load it: `import` from ESM and `require` from CommonJS.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a fresh Node (the one running the tests) that imports `name` by package name, as a dependent would, and returns its export names. */
export function exportsViaImport(name: string): string[] {
  const code = `const m = await import(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).sort()));`;
  return JSON.parse(run(['--input-type=module', '-e', code])) as string[];
}

export function exportsViaRequire(name: string): string[] {
  const code = `const m = require(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).sort()));`;
  return JSON.parse(run(['-e', code])) as string[];
}

function run(args: string[]): string {
  const out = execFileSync(process.execPath, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out.trim().split('\n').pop() as string;
}
