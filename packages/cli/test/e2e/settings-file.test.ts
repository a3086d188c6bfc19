// The built CLI on a broken settings file: where the mistake is (line and column), never the file's text (issue 10, defect 7).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = new URL('../../dist/bin.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cognito-connect-settings-'));
const SECRET = 'q8Zk3vLm9TfR2sXw7YbN4cPd6HgJ1aEu5oIy0rWt';

function runBin(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('a settings file that is not valid JSON', () => {
  it.each([
    [
      'a missing comma after the secret',
      `{\n  "userPoolId": "eu-west-1_AbC123xyZ",\n  "clientSecret": "${SECRET}"\n  "domain": "acme"\n}\n`,
      4,
      3,
    ],
    ['a secret pasted without quotes', `{\n  "clientId": "abc",\n  "clientSecret": ${SECRET}\n}\n`, 3, 19],
    ['a truncated file', `{\n  "clientSecret": "${SECRET}`, 2, 19],
  ])('reports %s by line and column only', (_name, text, line, column) => {
    const file = join(dir, `broken-${line}-${column}.json`);
    writeFileSync(file, text);
    for (const args of [
      ['doctor', '--config', file],
      ['--json', 'doctor', '--config', file],
    ]) {
      const { code, out, err } = runBin(...args);
      expect(code).toBe(1);
      const printed = out + err;
      expect(printed).toContain(`line ${line}, column ${column}`);
      // Not the secret, nor any run of it the parser might quote.
      for (let i = 0; i + 6 <= SECRET.length; i++) expect(printed).not.toContain(SECRET.slice(i, i + 6));
      expect(printed).not.toMatch(/^\s+at /m);
    }
  });
});
