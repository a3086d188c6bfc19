// Attack: a secret the built CLI writes into a file that already exists, readable by every local user (a config from an
// earlier run with secrets from the environment, a settings file before --force), keeps that file's permissions.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = new URL('../../dist/bin.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cognito-connect-modes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'q8Zk3vLm9TfR2sXw7YbN4cPd6HgJ1aEu5oIy0rWt';
const POOL = ['--pool', 'eu-west-1_AbC123xyZ', '--domain', 'myapp', '--client-id', '4tg7fhidb5adr5jc1bna4me2i6'];

function runBin(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(result.status, result.stderr).toBe(0);
}

/** A file that already exists with the permissions of a file anyone on the machine may read. */
function worldReadable(path: string): void {
  writeFileSync(path, 'old\n');
  chmodSync(path, 0o644);
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('files holding a secret', () => {
  it('init --force --client-secret over a world-readable settings file leaves it readable by its owner only', () => {
    const file = join(dir, 'cognito-connect.config.json');
    worldReadable(file);
    runBin('init', '--no-interactive', ...POOL, '--client-secret', SECRET, '--force', '--out', file);
    expect(readFileSync(file, 'utf8')).toContain(SECRET);
    expect(mode(file)).toBe(0o600);
  });

  it('config --secrets inline over a world-readable earlier output leaves it readable by its owner only', () => {
    const settings = join(dir, 'inline.json');
    runBin('init', '--no-interactive', ...POOL, '--client-secret', SECRET, '--out', settings);
    const out = join(dir, 'apache-sso');
    mkdirSync(out);
    const conf = join(out, 'cognito-openidc.conf');
    worldReadable(conf);
    runBin(
      'config',
      'apache',
      '--config',
      settings,
      '--secrets',
      'inline',
      '--set',
      'siteUrl=https://wiki.example.com',
      '--out',
      out,
    );
    expect(readFileSync(conf, 'utf8')).toContain(SECRET);
    expect(mode(conf)).toBe(0o600);
  });
});
