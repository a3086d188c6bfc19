// Starts Debian's nginx and Caddy for the forward-auth suites: configs in a temp folder, loopback ports, stopped by the test.
// With CI set a missing binary fails the suite instead of skipping it.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

async function waitUntilAnswering(url: string, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) {
      throw new Error(
        `${url}: the server exited (${child.exitCode}): ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`,
      );
    }
    try {
      await (await fetch(url, { redirect: 'manual' })).arrayBuffer();
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
 * How the protected locations pass the check's `Set-Cookie` (a renewed session) to the browser: as docs/forward-auth.md
 * says (`add_header … always`), only on success answers (`add_header` without `always`), or not at all.
 */
export type RenewedCookie = 'always' | 'success-only' | 'dropped';

const renewedCookieLines: Record<RenewedCookie, string> = {
  always: 'auth_request_set $auth_cookie $upstream_http_set_cookie;\n      add_header Set-Cookie $auth_cookie always;',
  'success-only': 'auth_request_set $auth_cookie $upstream_http_set_cookie;\n      add_header Set-Cookie $auth_cookie;',
  dropped: '',
};

/**
 * nginx with `auth_request`: `/_auth/` goes to the gateway, `/` needs a session, `/admin/` needs the `admins` group;
 * the user headers are passed to the app, and a renewed session cookie to the browser (as `renewedCookie` says).
 * `$http_host` (not `$host`) keeps the port in `rd` on loopback.
 */
export async function startNginx(
  site: ForwardAuthSite,
  renewedCookie: RenewedCookie = 'always',
): Promise<RunningProxy> {
  const dir = nginxPrefix();
  const identity = ['user', 'email', 'groups', 'sub'];
  const passIdentity = identity
    .map(
      (name) =>
        `auth_request_set $auth_${name} $upstream_http_x_auth_request_${name};\n      proxy_set_header X-Auth-Request-${name[0]?.toUpperCase()}${name.slice(1)} $auth_${name};`,
    )
    .join('\n      ');
  const check = (name: string, query: string) => `
    location = /_auth/${name} {
      internal;
      proxy_pass http://${site.gateway}/_auth/check${query};
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header Host $http_host;
    }`;
  const protectedLocation = (path: string, checkName: string) => `
    location ${path} {
      auth_request /_auth/${checkName};
      ${passIdentity}
      ${renewedCookieLines[renewedCookie]}
      error_page 401 = /_auth/login?rd=$scheme://$http_host$request_uri;
      error_page 403 = /_auth/denied;
      proxy_set_header Host $http_host;
      proxy_pass http://${site.app};
    }`;
  const config = `${nginxMain(dir)}
http {
  access_log off;
  ${nginxTempPaths(dir)}
  server {
    listen 127.0.0.1:${site.port};
    location /_auth/ {
      proxy_pass http://${site.gateway};
      proxy_set_header Host $http_host;
    }
    ${check('nginx-check', '')}
    ${check('nginx-check-admins', '?group=admins')}
    ${protectedLocation('/', 'nginx-check')}
    ${protectedLocation('/admin/', 'nginx-check-admins')}
  }
}
`;
  return runNginx(dir, config, site.port, '/_auth/check');
}

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

async function runNginx(dir: string, config: string, port: number, probePath: string): Promise<RunningProxy> {
  writeFileSync(join(dir, 'nginx.conf'), config);
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}${probePath}`, child, join(dir, 'error.log'));
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

/** Caddy with `forward_auth`, the same locations as startNginx. */
export async function startCaddy(site: ForwardAuthSite): Promise<RunningProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-caddy-'));
  const copy = 'copy_headers X-Auth-Request-User X-Auth-Request-Email X-Auth-Request-Groups X-Auth-Request-Sub';
  const config = `{
  admin off
  auto_https off
}
http://127.0.0.1:${site.port} {
  handle /_auth/* {
    reverse_proxy ${site.gateway}
  }
  handle /admin/* {
    forward_auth ${site.gateway} {
      uri /_auth/check?group=admins
      ${copy}
    }
    reverse_proxy ${site.app}
  }
  handle {
    forward_auth ${site.gateway} {
      uri /_auth/check
      ${copy}
    }
    reverse_proxy ${site.app}
  }
}
`;
  writeFileSync(join(dir, 'Caddyfile'), config);
  const log = join(dir, 'caddy.log');
  const child = spawn(CADDY, ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${site.port}`;
  await waitUntilAnswering(`${url}/_auth/check`, child, log);
  return { url, dir, stop: stopper(child, dir) };
}
