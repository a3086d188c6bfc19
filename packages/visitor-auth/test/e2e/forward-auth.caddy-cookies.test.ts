// Session cookies through Debian's Caddy running the site `cognito-connect config caddy` writes: a renewed cookie from an
// admitted check reaches the browser (Caddy's forward_auth shortcut drops it), a dead cookie is deleted on the way to
// sign-in, every cookie of one check answer passes (nginx passes only the first), and the app gets only the check's identity.
import { type RequestListener, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator, SeedClient } from '@cognito-connect/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, freePort } from '../support/agent.js';
import { movableDate } from '../support/clock.js';
import {
  CADDY,
  type CaddyStyle,
  NGINX,
  type RunningProxy,
  binaryAvailable,
  startCaddy,
  startNginx,
} from '../support/proxies.js';
import {
  CLEARED,
  type ForwardAuthSites,
  LEAD_SECONDS,
  type ProxiedSite,
  RENEWED,
  SESSION_COOKIE,
  SHORT_LIVED_TOKENS,
  TOKEN_SECONDS,
  sealedSession,
  startForwardAuthSites,
} from '../support/forward-auth.js';
import { OUTSIDER, READER, revokeRefreshToken } from '../support/stack.js';

/** What a browser sends when it navigates: the check answers it with a redirect to sign in rather than a 401. */
const NAVIGATING = { accept: 'text/html,application/xhtml+xml' };
/** The app behind the proxies: 200 with the path and the identity headers it received, as JSON. */
const appListener: RequestListener = (req, res) => {
  const identity = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name.startsWith('x-auth-')));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ path: req.url, identity }));
};
const startApp = (): Promise<Server> =>
  new Promise((resolve) => {
    const app = createServer(appListener);
    app.listen(0, '127.0.0.1', () => resolve(app));
  });

const listening = (server: Server) => `127.0.0.1:${(server.address() as AddressInfo).port}`;
const close = (server: Server | undefined) => new Promise((resolve) => (server ? server.close(resolve) : resolve(0)));

describe.runIf(binaryAvailable(CADDY, 'caddy'))('session cookies through Caddy', () => {
  let stack: ForwardAuthSites<CaddyStyle>;
  let emulator: Emulator;
  let client: SeedClient;
  let sites: Record<CaddyStyle, ProxiedSite>;

  beforeAll(async () => {
    stack = await startForwardAuthSites({
      variants: ['generated', 'forward_auth'],
      proxy: (site, style) => startCaddy(site, style),
      app: appListener,
      clientName: 'Caddy forward-auth',
      clientSettings: SHORT_LIVED_TOKENS,
    });
    ({ emulator, client, sites } = stack);
  }, 120_000);

  afterAll(() => stack?.stop());

  const advance = movableDate();

  /** Signs `user` in through Caddy, from a deep link back to that page. */
  async function signIn(url: string, user: { username: string; password: string } = READER): Promise<Agent> {
    const agent = new Agent();
    const form = await agent.navigate(`${url}/docs/start`, { headers: NAVIGATING });
    expect(form.url.startsWith(emulator.url)).toBe(true);
    const landed = await agent.signIn(form, user.username, user.password);
    expect(landed.url).toBe(`${url}/docs/start`);
    expect(JSON.parse(landed.body).path).toBe('/docs/start');
    return agent;
  }

  const sessionCookie = (agent: Agent, url: string) => agent.cookies(url)[SESSION_COOKIE] as string;
  const sealed = sealedSession;

  it('passes the renewed cookie of an admitted request to the browser, which then needs no refresh at Cognito', async () => {
    const { url } = sites.generated;
    const agent = await signIn(url);
    const first = sessionCookie(agent, url);
    const counted = stack.refreshes();

    advance(TOKEN_SECONDS - 30);
    const renewedPage = await agent.request(`${url}/docs/next`);
    expect(renewedPage.status).toBe(200);
    expect((await renewedPage.json()).identity['x-auth-request-email']).toBe(READER.email);
    expect(renewedPage.headers.getSetCookie()).toHaveLength(1);
    expect(renewedPage.headers.getSetCookie()[0]).toMatch(RENEWED);
    expect(stack.refreshes()).toBe(counted + 1);
    const renewed = sessionCookie(agent, url);
    expect(renewed).not.toBe(first);

    // A refresh would fail from now on: the renewed cookie serves pages on its own tokens.
    expect(await revokeRefreshToken(emulator, client, (await sealed(renewed)).r)).toBe(200);
    advance(TOKEN_SECONDS - LEAD_SECONDS - 30);
    for (const path of ['/docs/a', '/docs/b']) {
      const page = await agent.request(url + path);
      expect(page.status).toBe(200);
      expect((await page.json()).path).toBe(path);
      expect(page.headers.getSetCookie()).toEqual([]);
    }
    expect(stack.refreshes()).toBe(counted + 1);
  });

  it("with Caddy's forward_auth shortcut the renewal is lost: the browser keeps its first cookie", async () => {
    const { url } = sites.forward_auth;
    const agent = await signIn(url);
    const first = sessionCookie(agent, url);
    const counted = stack.refreshes();
    advance(TOKEN_SECONDS - 30);
    const page = await agent.request(`${url}/docs/next`);
    expect(page.status).toBe(200);
    expect(stack.refreshes()).toBe(counted + 1); // the check renewed the session ...
    expect(page.headers.getSetCookie()).toEqual([]); // ... and forward_auth kept its cookie from the browser
    expect(sessionCookie(agent, url)).toBe(first);
  });

  it('deletes a dead session cookie on the way to sign-in, with both Caddyfiles (Caddy shows a refusing check as it is)', async () => {
    for (const style of ['generated', 'forward_auth'] as const) {
      const { url } = sites[style];
      // Revoked refresh token: the check's renewal fails, the session is over.
      const agent = await signIn(url);
      expect(await revokeRefreshToken(emulator, client, (await sealed(sessionCookie(agent, url))).r)).toBe(200);
      advance(TOKEN_SECONDS - 30);
      const refused = await agent.request(`${url}/docs/secret`, { headers: NAVIGATING });
      expect(refused.status).toBe(302);
      expect(new URL(refused.headers.get('location') as string, url).pathname).toBe('/_auth/login');
      expect(refused.headers.getSetCookie()).toEqual([CLEARED]);
      expect(agent.cookies(url)[SESSION_COOKIE]).toBeUndefined();
      // A forged cookie, asked for by a script (no redirect): 401 with the deletion.
      const forged = new Agent();
      forged.setCookie(url, SESSION_COOKIE, 'forged.value');
      const api = await forged.request(`${url}/api/data`);
      expect(api.status).toBe(401);
      expect(api.headers.getSetCookie()).toEqual([CLEARED]);
      expect(forged.cookies(url)[SESSION_COOKIE]).toBeUndefined();
    }
  });

  it('sends a renewal made while refusing a group with the refusal page', async () => {
    const { url } = sites.generated;
    const agent = await signIn(url);
    const first = sessionCookie(agent, url);
    advance(TOKEN_SECONDS - 30);
    const refused = await agent.request(`${url}/admin/`, { headers: NAVIGATING });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Access denied');
    expect(refused.headers.getSetCookie()).toHaveLength(1);
    expect(refused.headers.getSetCookie()[0]).toMatch(RENEWED);
    expect(sessionCookie(agent, url)).not.toBe(first);
  });

  it("gives the app the check's identity only: a user in no group gets an empty X-Auth-Request-Groups, a client's own copies are replaced", async () => {
    for (const style of ['generated', 'forward_auth'] as const) {
      const { url } = sites[style];
      const agent = await signIn(url, OUTSIDER);
      const page = await agent.request(`${url}/docs/page`, {
        headers: { 'x-auth-request-groups': 'admins', 'x-auth-request-email': 'ceo@example.com' },
      });
      expect(page.status).toBe(200);
      const { identity } = await page.json();
      expect(identity['x-auth-request-email']).toBe(OUTSIDER.email);
      expect(identity['x-auth-request-user']).toBe(OUTSIDER.email);
      // Caddy 2.6 sets a copied header the check left out to its placeholder's literal text: the check sends it empty.
      expect(identity['x-auth-request-groups'] ?? '').toBe('');
      expect(Object.values(identity).join(' ')).not.toContain('{');
    }
  });
});

describe.runIf(binaryAvailable(CADDY, 'caddy') && binaryAvailable(NGINX, 'nginx'))(
  'a check answering with two Set-Cookie headers',
  () => {
    let check: Server;
    let app: Server;
    const proxies: RunningProxy[] = [];
    const TWO = ['first=1; Path=/; HttpOnly', 'second=2; Path=/; HttpOnly'];

    beforeAll(async () => {
      // A check that sets two cookies on every answer, with the status the client asks for; its sign-in route is a 302.
      check = createServer((req, res) => {
        const status = req.url?.startsWith('/_auth/check') ? Number(req.headers['x-check-status'] ?? 200) : 302;
        res.writeHead(status, [
          ...TWO.map((cookie) => ['set-cookie', cookie]),
          ['x-auth-request-user', 'user@example.com'],
          ['x-auth-request-email', 'user@example.com'],
          ['x-auth-request-groups', ''],
          ['x-auth-request-sub', 'sub-1'],
          ['location', '/signed-out'],
          ['content-length', '0'],
        ]);
        res.end();
      });
      app = await startApp();
      await new Promise<void>((resolve) => check.listen(0, '127.0.0.1', resolve));
      const site = async () => ({ port: await freePort(), gateway: listening(check), app: listening(app) });
      proxies.push(await startCaddy(await site(), 'generated'));
      proxies.push(await startCaddy(await site(), 'forward_auth'));
      proxies.push(await startNginx(await site()));
    }, 60_000);

    afterAll(async () => {
      for (const proxy of proxies) await proxy.stop();
      await close(check);
      await close(app);
    });

    it('reaches the browser whole through the generated Caddyfile, not at all through forward_auth on 2xx, and only the first through nginx', async () => {
      const [caddy, shortcut, nginx] = proxies as [RunningProxy, RunningProxy, RunningProxy];
      const cookies = async (url: string, status: number) => {
        const answer = await fetch(`${url}/docs/page`, {
          headers: { 'x-check-status': String(status) },
          redirect: 'manual',
        });
        await answer.arrayBuffer();
        return answer.headers.getSetCookie();
      };
      expect(await cookies(caddy.url, 200)).toEqual(TWO);
      expect(await cookies(caddy.url, 401)).toEqual(TWO);
      expect(await cookies(shortcut.url, 200)).toEqual([]);
      expect(await cookies(shortcut.url, 401)).toEqual(TWO);
      // nginx's $upstream_http_set_cookie holds the first Set-Cookie only: the gateway's check sets at most one.
      expect(await cookies(nginx.url, 200)).toEqual([TWO[0]]);
      // error_page 401 answers from /_auth/ (here the stub's 302, with its own two cookies) plus the check's first.
      expect(await cookies(nginx.url, 401)).toEqual([...TWO, TWO[0]]);
    });
  },
);
