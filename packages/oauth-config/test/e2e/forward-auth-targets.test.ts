// The nginx and caddy targets' output read by the real servers' own parsers (nginx -t, caddy adapt --validate).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateConfig } from '@cognito-connect/oauth-config';
import { afterAll, describe, expect, it } from 'vitest';
import { confidential } from '../support/fixtures.js';

const run = promisify(execFile);
const NGINX = '/usr/sbin/nginx';
const CADDY = '/usr/bin/caddy';
const dir = mkdtempSync(join(tmpdir(), 'cc-forward-auth-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function installed(binary: string, aptPackage: string): boolean {
  if (existsSync(binary)) return true;
  if (process.env.CI) throw new Error(`${binary} is required under CI: apt-get install -y ${aptPackage}`);
  console.warn(`[suite skipped] ${binary} not found; install it with: apt-get install -y ${aptPackage}`);
  return false;
}

const options = {
  site: 'https://docs.acme.example',
  gateway: '127.0.0.1:4180',
  app: '127.0.0.1:3000',
  groupLocations: { '/admin/': ['admins'], '/ops/': ['sre', 'admins'] },
};

describe.runIf(installed(NGINX, 'nginx'))('nginx target', () => {
  it('is a server block nginx -t accepts, asking the gateway for every location', async () => {
    const generated = generateConfig('nginx', confidential, options);
    const conf = generated.files[0]?.contents as string;
    writeFileSync(join(dir, 'site.conf'), conf);
    writeFileSync(
      join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid;\nerror_log stderr;\nevents {}\nhttp { include ${dir}/site.conf; }\n`,
    );
    const { stderr } = await run(NGINX, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')]);
    expect(stderr).toContain('syntax is ok');
    expect(conf).toContain('proxy_pass http://127.0.0.1:4180/_auth/check?group=sre,admins;');
    expect(conf).toContain('error_page 401 = /_auth/login?rd=$scheme://$host$request_uri;');
    expect(generated.callbackUrls).toEqual(['https://docs.acme.example/_auth/callback']);
  });
});

describe.runIf(installed(CADDY, 'caddy'))('caddy target', () => {
  it('is a site Caddy adapts and validates, asking the check (and passing its Set-Cookie) before every reverse_proxy to the app', async () => {
    const generated = generateConfig('caddy', confidential, options);
    const file = join(dir, 'Caddyfile');
    writeFileSync(file, generated.files[0]?.contents as string);
    const { stdout } = await run(CADDY, ['adapt', '--config', file, '--adapter', 'caddyfile', '--validate'], {
      env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    });
    const json = JSON.stringify(JSON.parse(stdout));
    expect(json).toContain('/_auth/check?group=admins');
    expect(json).toContain('/_auth/check?group=sre,admins');
    expect(json.match(/X-Auth-Request-Email/g)?.length).toBeGreaterThanOrEqual(3);
    expect(json.match(/"handler":"copy_response_headers","include":\["Set-Cookie"\]/g)).toHaveLength(3);
  });
});
