// The built package (dist/, not sources) loads from ESM and CommonJS with the same API, and its README example runs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exportsViaImport, exportsViaRequire } from '../../../../test-fixtures/support/load-built.js';

describe('built package', () => {
  it('exists (npm test builds before testing)', () => {
    for (const file of ['index.js', 'index.cjs', 'index.d.ts'])
      expect(existsSync(new URL(`../../dist/${file}`, import.meta.url)), file).toBe(true);
  });

  it('loads with import and require, exposing the same API', () => {
    const viaImport = exportsViaImport('@cognito-connect/oauth-config');
    expect(viaImport).toEqual(['OAuthConfigError', 'generateConfig', 'isTargetName', 'listTargets', 'targets']);
    expect(exportsViaRequire('@cognito-connect/oauth-config')).toEqual(viaImport);
  });

  it('runs the README example', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] as string;
    expect(example).toContain("generateConfig('gitlab'");
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', example], {
      cwd: fileURLToPath(new URL('../../../..', import.meta.url)),
    });
    expect(stdout).toContain('# gitlab.rb: Append to /etc/gitlab/gitlab.rb');
    expect(stdout).toContain('"strategy_class" => "OmniAuth::Strategies::OpenIDConnect"');
    expect(stdout).toContain('"secret" => ENV.fetch("COGNITO_CLIENT_SECRET")');
    expect(stdout).toContain('Register on the app client: https://gitlab.example.com/users/auth/cognito/callback');
  });
});
