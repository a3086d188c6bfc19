// Attack: a signed-in visitor (or nobody) sends their own X-Auth-Request-* headers through the generated nginx and Caddy
// configs, on the protected paths and on the paths that skip the check, hoping the app behind the proxy trusts them.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Emulator } from '@cognito-connect/emulator';
import type { RunningGateway } from '@cognito-connect/visitor-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../support/agent.js';
import { proxiedGateway } from '../support/forward-auth.js';
import {
  CADDY,
  type ForwardAuthSite,
  NGINX,
  type RunningProxy,
  binaryAvailable,
  startCaddy,
  startNginx,
} from '../support/proxies.js';
import { OUTSIDER, startPool } from '../support/stack.js';

const PYTHON = '/usr/bin/python3';
const SPOOFED = {
  'x-auth-request-user': 'ceo',
  'x-auth-request-email': 'ceo@example.com',
  'x-auth-request-groups': 'admins',
  'x-auth-request-sub': 'ceo-sub',
};
/** A user whose email Cognito has not verified: the check sends an empty X-Auth-Request-Email for them. */
const UNVERIFIED = { username: 'unverified', password: 'Unverified-passw0rd!', email: 'someone@example.com' };

/**
 * The application behind the proxy, on Python's own WSGI server (as CGI, PHP-FPM and many app servers, it files the header
 * `X-Auth-Request-Email` and `X_Auth_Request_Email` under one name, HTTP_X_AUTH_REQUEST_EMAIL): answers with the
 * identity headers it received, as JSON. Resolves its host:port and a stop function.
 */
async function startWsgiApp(): Promise<{ address: string; stop: () => Promise<void> }> {
  const script = `
import json
from wsgiref.simple_server import make_server, WSGIRequestHandler
class Quiet(WSGIRequestHandler):
    def log_message(self, *args): pass
def app(environ, start_response):
    seen = {name: environ.get('HTTP_' + name.upper().replace('-', '_')) for name in ${JSON.stringify(Object.keys(SPOOFED))}}
    seen['path'] = environ.get('PATH_INFO')
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [json.dumps(seen).encode()]
server = make_server('127.0.0.1', 0, app, handler_class=Quiet)
print(server.server_port, flush=True)
server.serve_forever()
`;
  const child = spawn(PYTHON, ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`python3 exited ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    address: `127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A raw HTTP/1.1 GET, so the path reaches the proxy exactly as written (fetch would normalise `..` and `//`). */
function rawGet(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const lines = Object.entries({ host: `${hostname}:${port}`, connection: 'close', ...headers });
      socket.write(`GET ${path} HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) });
    });
    socket.on('error', reject);
  });
}

const proxies: Array<[string, string, string, (site: ForwardAuthSite) => Promise<RunningProxy>]> = [
  ['nginx auth_request', NGINX, 'nginx', (site) => startNginx(site)],
  ['Caddy forward_auth', CADDY, 'caddy', (site) => startCaddy(site)],
];

describe.each(proxies)('identity headers spoofed through %s', (_name, binary, aptPackage, start) => {
  const available = binaryAvailable(binary, aptPackage) && binaryAvailable(PYTHON, 'python3');
  let emulator: Emulator;
  let app: Awaited<ReturnType<typeof startWsgiApp>>;
  let gateway: RunningGateway;
  let proxy: RunningProxy;

  beforeAll(async () => {
    if (!available) return;
    emulator = await startPool();
    emulator.admin.addUser({
      username: UNVERIFIED.username,
      password: UNVERIFIED.password,
      attributes: { email: UNVERIFIED.email, email_verified: 'false' },
    });
    app = await startWsgiApp();
    ({ gateway, proxy } = await proxiedGateway(emulator, app.address, start));
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    await gateway?.close();
    await app?.stop();
    await emulator?.stop();
  });

  async function signedIn(user: { username: string; password: string }): Promise<string> {
    const agent = new Agent();
    const form = await agent.navigate(`${proxy.url}/docs/`, { headers: { accept: 'text/html' } });
    const landed = await agent.signIn(form, user.username, user.password);
    expect(landed.response.status).toBe(200);
    return Object.entries(agent.cookies(proxy.url))
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  it.runIf(available)('a user in no group cannot add X-Auth-Request-Groups: admins of their own', async () => {
    const cookie = await signedIn(OUTSIDER);
    const response = await fetch(`${proxy.url}/docs/`, { headers: { cookie, ...SPOOFED } });
    const seen = await response.json();
    expect(seen['x-auth-request-email']).toBe(OUTSIDER.email);
    expect(seen['x-auth-request-groups'] ?? '').toBe('');
    expect(seen['x-auth-request-user']).not.toBe('ceo');
    expect(seen['x-auth-request-sub']).not.toBe('ceo-sub');
  });

  it.runIf(available)('a user whose email is unverified cannot name an email of their own choosing', async () => {
    const cookie = await signedIn(UNVERIFIED);
    const response = await fetch(`${proxy.url}/docs/`, { headers: { cookie, ...SPOOFED } });
    const seen = await response.json();
    expect(seen['x-auth-request-email'] ?? '').toBe('');
    expect(seen['x-auth-request-groups'] ?? '').toBe('');
  });

  it.runIf(available)(
    'no spelling of the identity headers with underscores (X_Auth_Request_Groups) reaches the app as one of them',
    async () => {
      const cookie = await signedIn(UNVERIFIED);
      const spellings = Object.entries(SPOOFED).flatMap(([name, value]) => {
        const words = name.split('-');
        const join = (separators: string[]) => words.reduce((text, word, i) => text + separators[i - 1] + word);
        return [
          ['_', '_', '_'],
          ['-', '-', '_'],
          ['-', '_', '-'],
          ['_', '-', '-'],
        ].flatMap((separators) => [
          [join(separators), value] as const,
          [join(separators).toUpperCase(), value] as const,
        ]);
      });
      const response = await rawGet(proxy.url, '/docs/', { cookie, ...Object.fromEntries(spellings) });
      const seen = JSON.parse(response.body);
      expect(seen['x-auth-request-email'] ?? '').toBe('');
      expect(seen['x-auth-request-groups'] ?? '').toBe('');
      expect(seen['x-auth-request-user']).not.toContain('ceo');
      expect(seen['x-auth-request-sub']).not.toContain('ceo');
    },
  );

  it.runIf(available)('no path that skips the check reaches the app (dot segments, encoded slashes, //)', async () => {
    for (const path of [
      '/_auth/../docs/',
      '/_auth/%2e%2e/docs/',
      '/_auth%2F..%2Fdocs/',
      '/_auth/..%2Fdocs/',
      '/_auth/%2E%2E%2Fdocs/',
      '//_auth/../docs/',
      '/_auth//../docs/',
      '/./_auth/../docs/',
    ]) {
      const answer = await rawGet(proxy.url, path, SPOOFED);
      expect({ path, leaked: answer.body.includes('"path"') }).toEqual({ path, leaked: false });
    }
  });
});
