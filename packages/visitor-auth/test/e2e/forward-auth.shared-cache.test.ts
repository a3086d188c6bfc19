// Attack: a shared cache (a CDN) in front of the generated nginx or Caddy config keeps a signed-in visitor's page, which
// the app marked cacheable, and hands it to the next visitor, who never signed in.
import { type Server, createServer } from 'node:http';
import type { Emulator } from '@cognito-connect/emulator';
import type { RunningGateway } from '@cognito-connect/visitor-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, freePort } from '../support/agent.js';
import { proxiedGateway } from '../support/forward-auth.js';
import {
  CADDY,
  type ForwardAuthSite,
  NGINX,
  type RunningProxy,
  binaryAvailable,
  startCachingNginx,
  startCaddy,
  startNginx,
} from '../support/proxies.js';
import { READER, startPool } from '../support/stack.js';

/** An app that, like most static-site hosts, marks every page cacheable by anyone, and shows who asked. */
function startApp(): Promise<Server> {
  const app = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'public, max-age=600' });
    res.end(`private notes of ${String(req.headers['x-auth-request-email'])}`);
  });
  return new Promise((resolve) => app.listen(0, '127.0.0.1', () => resolve(app)));
}

const proxies: Array<[string, string, string, (site: ForwardAuthSite) => Promise<RunningProxy>]> = [
  ['nginx auth_request', NGINX, 'nginx', (site) => startNginx(site)],
  ['Caddy forward_auth', CADDY, 'caddy', (site) => startCaddy(site)],
];

describe.each(proxies)('a CDN in front of %s', (_name, binary, aptPackage, start) => {
  const available = binaryAvailable(binary, aptPackage) && binaryAvailable(NGINX, 'nginx');
  let emulator: Emulator;
  let app: Server;
  let gateway: RunningGateway;
  let proxy: RunningProxy;
  let cdn: RunningProxy;

  beforeAll(async () => {
    if (!available) return;
    emulator = await startPool();
    app = await startApp();
    ({ gateway, proxy } = await proxiedGateway(emulator, app, start));
    cdn = await startCachingNginx(await freePort(), new URL(proxy.url).host);
  }, 60_000);

  afterAll(async () => {
    await cdn?.stop();
    await proxy?.stop();
    await gateway?.close();
    await new Promise((resolve) => app?.close(resolve));
    await emulator?.stop();
  });

  it.runIf(available)("never serves a signed-in visitor's page to a visitor without a session", async () => {
    const reader = new Agent();
    const form = await reader.navigate(`${proxy.url}/notes/`, { headers: { accept: 'text/html' } });
    expect((await reader.signIn(form, READER.username, READER.password)).response.status).toBe(200);
    const cookie = Object.entries(reader.cookies(proxy.url))
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');

    const mine = await fetch(`${cdn.url}/notes/`, { headers: { cookie } });
    expect(await mine.text()).toBe(`private notes of ${READER.email}`);
    // The page leaves the proxy marked for the browser's cache only.
    expect(mine.headers.get('cache-control')).toMatch(/\bprivate\b/);

    const stranger = await fetch(`${cdn.url}/notes/`, { redirect: 'manual' });
    const body = await stranger.text();
    expect({ status: stranger.status, cache: stranger.headers.get('x-cache') }).not.toMatchObject({ cache: 'HIT' });
    expect(body).not.toContain(READER.email);
    // Sent to sign in: nginx turns the check's 401 into its login redirect, Caddy passes the 401 on.
    expect([302, 401]).toContain(stranger.status);
  });
});
