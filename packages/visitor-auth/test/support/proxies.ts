// Starts Debian's nginx and Caddy for the forward-auth suites: configs in a temp folder, loopback ports, stopped by the test.
// With CI set a missing binary fails the suite instead of skipping it.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineCognito } from '@cognito-connect/core';
import { generateConfig } from '@cognito-connect/oauth-config';

export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
export const CADDY = process.env.CADDY_BIN ?? '/usr/bin/caddy';

/** True when `binary` is installed; under CI a missing one throws so the suite cannot look green. */
export function binaryAvailable(binary: string, aptPackage: string): boolean {
  if (existsSync(binary)) return true;
  if (process.env.CI)
    throw new Error(`${binary} is required for this suite under CI: apt-get install -y ${aptPackage}`);
  console.warn(`[suite skipped] ${binary} not found; install it with: apt-get install -y ${aptPackage}`);
  return false;
}

export interface RunningProxy {
  readonly url: string;
  readonly dir: string;
  stop(): Promise<void>;
}

async function waitUntilAnswering(
  url: string,
  child: ChildProcess,
  log: string,
  probe: typeof fetch = fetch,
): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) {
      throw new Error(
        `${url}: the server exited (${child.exitCode}): ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`,
      );
    }
    try {
      await (await probe(url, { redirect: 'manual' })).arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${url} did not answer within 20 s`);
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
}

/** Where forward-auth routes go in both proxies' configs. */
export interface ForwardAuthSite {
  /** The proxy's own port. */
  port: number;
  /** host:port of the gateway in forward-auth mode. */
  gateway: string;
  /** host:port of the application behind the proxy. */
  app: string;
}

/**
 * How the protected locations pass the check's `Set-Cookie` (a renewed session) to the browser: as the generator
 * writes it (`add_header … always`), only on success answers (`add_header` without `always`), or not at all.
 */
export type RenewedCookie = 'always' | 'success-only' | 'dropped';

/** `config` with every `from` replaced by `to`; throws when there is none, so a variant cannot silently be the default. */
function replaceEvery(config: string, from: RegExp, to: string): string {
  if (!from.test(config)) throw new Error(`the generated nginx config has no ${from}: update the test's variants`);
  return config.replace(new RegExp(from.source, 'g'), to);
}

const renewedCookieVariants: Record<RenewedCookie, (config: string) => string> = {
  always: (config) => config,
  'success-only': (config) =>
    replaceEvery(config, /add_header Set-Cookie \$auth_cookie always;/, 'add_header Set-Cookie $auth_cookie;'),
  dropped: (config) =>
    replaceEvery(
      replaceEvery(config, /\n *auth_request_set \$auth_cookie \$upstream_http_set_cookie;/, ''),
      /\n *add_header Set-Cookie \$auth_cookie always;/,
      '',
    ),
};

/**
 * nginx with exactly the server block `cognito-connect config nginx` writes (`@cognito-connect/oauth-config`'s nginx
 * target): `/_auth/` goes to the gateway, `/` needs a session, `/admin/` the `admins` group. For loopback, only the
 * `listen` line (replacing the generator's TLS comment) and `$http_host` for `$host` (keeping the port in `rd`, as
 * docs/forward-auth.md says) change; `renewedCookie` takes the cookie lines out for the suites showing why they are there.
 */
export async function startNginx(
  site: ForwardAuthSite,
  renewedCookie: RenewedCookie = 'always',
  tls?: NginxTls,
): Promise<RunningProxy> {
  const dir = nginxPrefix();
  const scheme = tls ? 'https' : 'http';
  const listen = tls
    ? `listen 127.0.0.1:${site.port} ssl; ssl_certificate ${tls.certFile}; ssl_certificate_key ${tls.keyFile};`
    : `listen 127.0.0.1:${site.port};`;
  const generated = generateConfig('nginx', defineCognito(GENERATOR_POOL), {
    site: `${scheme}://127.0.0.1:${site.port}`,
    gateway: site.gateway,
    app: site.app,
    groupLocations: { '/admin/': ['admins'] },
  }).files[0]?.contents as string;
  const server = renewedCookieVariants[renewedCookie](
    replaceEvery(replaceEvery(generated, /\n *# listen 443 ssl;.*/, `\n  ${listen}`), /\$host\b/, '$http_host'),
  );
  const config = `${nginxMain(dir)}
http {
  access_log off;
  ${nginxTempPaths(dir)}
${server}
}
`;
  return runNginx(dir, config, site.port, '/_auth/check', tls);
}

/** TLS for startNginx: PEM files nginx reads, and a fetch trusting their CA (to wait until it answers). */
export interface NginxTls {
  certFile: string;
  keyFile: string;
  fetch: typeof fetch;
}

/** The generator only reads the pool's IDs into its notes; the gateway under test has its own (the emulator's). */
const GENERATOR_POOL = {
  userPoolId: 'eu-west-1_AbC123xyZ',
  domain: 'acme-sso',
  clientId: '4pq0g9l1ue2hsv3kd9m6ncb7a1',
};

/** A temp prefix folder for nginx with the temp folders it insists on, writable by its worker user. */
function nginxPrefix(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-nginx-'));
  chmodSync(dir, 0o755);
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o777);
  }
  return dir;
}

const nginxMain = (dir: string) => `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon off;
events { worker_connections 256; }`;

const nginxTempPaths = (dir: string) => `client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;`;

async function runNginx(
  dir: string,
  config: string,
  port: number,
  probePath: string,
  tls?: NginxTls,
): Promise<RunningProxy> {
  writeFileSync(join(dir, 'nginx.conf'), config);
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: 'ignore',
  });
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}${probePath}`, child, join(dir, 'error.log'), tls?.fetch);
  return { url, dir, stop: stopper(child, dir) };
}

/**
 * nginx load-balancing `backends` (host:port each) round-robin, as a site in front of several gateway instances.
 * Every answer names the instance that served it in `X-Upstream` (nginx's `$upstream_addr`), and `access.log` in
 * the proxy's folder lists `<uri> <upstream>` per request.
 */
export async function startNginxBalancer(port: number, backends: readonly string[]): Promise<RunningProxy> {
  const dir = nginxPrefix();
  const config = `${nginxMain(dir)}
http {
  log_format upstreams '$request_uri $upstream_addr $status';
  access_log ${dir}/access.log upstreams;
  ${nginxTempPaths(dir)}
  upstream gateways {
    ${backends.map((backend) => `server ${backend};`).join('\n    ')}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://gateways;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
  return runNginx(dir, config, port, '/_auth/login');
}

/**
 * nginx as a shared cache (a CDN) in front of `backend` (host:port): `proxy_cache` keyed by the URL alone, honouring
 * the backend's Cache-Control as a CDN does; every answer says `X-Cache: HIT|MISS|BYPASS|…`.
 */
export async function startCachingNginx(port: number, backend: string): Promise<RunningProxy> {
  const dir = nginxPrefix();
  mkdirSync(join(dir, 'cache'));
  chmodSync(join(dir, 'cache'), 0o777);
  const config = `${nginxMain(dir)}
http {
  access_log off;
  ${nginxTempPaths(dir)}
  proxy_cache_path ${dir}/cache keys_zone=cdn:1m;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://${backend};
      proxy_set_header Host $http_host;
      proxy_cache cdn;
      add_header X-Cache $upstream_cache_status always;
    }
  }
}
`;
  return runNginx(dir, config, port, '/_auth/check');
}

/**
 * How a Caddyfile asks the check: the site `cognito-connect config caddy` writes (reverse_proxy with
 * copy_response_headers), or Caddy's `forward_auth` shortcut with the same locations (which drops a 2xx check's Set-Cookie).
 */
export type CaddyStyle = 'generated' | 'forward_auth';

/** The `forward_auth` shortcut: what docs/forward-auth.md showed before the generator wrote the directive out. */
function forwardAuthShortcut(site: ForwardAuthSite): string {
  const copy = 'copy_headers X-Auth-Request-User X-Auth-Request-Email X-Auth-Request-Groups X-Auth-Request-Sub';
  const guarded = (matcher: string, query: string) => `  handle${matcher} {
    forward_auth ${site.gateway} {
      uri /_auth/check${query}
      ${copy}
    }
    reverse_proxy ${site.app}
  }
`;
  return `http://127.0.0.1:${site.port} {
  handle /_auth/* {
    reverse_proxy ${site.gateway}
  }
${guarded(' /admin/*', '?group=admins')}${guarded('', '')}}
`;
}

/** Caddy in front of the gateway: `/_auth/` to it, `/` needs a session, `/admin/` the `admins` group (as startNginx). */
export async function startCaddy(site: ForwardAuthSite, style: CaddyStyle = 'generated'): Promise<RunningProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-caddy-'));
  const body =
    style === 'generated'
      ? (generateConfig('caddy', defineCognito(GENERATOR_POOL), {
          site: `http://127.0.0.1:${site.port}`,
          gateway: site.gateway,
          app: site.app,
          groupLocations: { '/admin/': ['admins'] },
        }).files[0]?.contents as string)
      : forwardAuthShortcut(site);
  // Only the global options are ours: no admin endpoint, no certificates for a loopback http:// site.
  const config = `{
  admin off
  auto_https off
}
${body}`;
  writeFileSync(join(dir, 'Caddyfile'), config);
  const log = join(dir, 'caddy.log');
  const logFile = openSync(log, 'w');
  const child = spawn(CADDY, ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    stdio: ['ignore', 'ignore', logFile],
  });
  closeSync(logFile);
  const url = `http://127.0.0.1:${site.port}`;
  await waitUntilAnswering(`${url}/_auth/check`, child, log);
  return { url, dir, stop: stopper(child, dir) };
}
