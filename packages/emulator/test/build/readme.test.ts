// The README's opening example runs as written against the built package.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('runs the README example', async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] as string;
  expect(example).toContain('startEmulator');
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', example], {
    cwd: fileURLToPath(new URL('../../../..', import.meta.url)),
  });
  expect(stdout).toMatch(/http:\/\/127\.0\.0\.1:\d+\n/);
  expect(stdout).toContain("clientId: 'web_app'");
});
