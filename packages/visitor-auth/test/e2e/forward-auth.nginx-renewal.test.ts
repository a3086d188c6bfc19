// Session cookies through Debian's nginx (auth_request) running the server block `cognito-connect config nginx` writes:
// the check's renewed cookie reaches the browser only with its `auth_request_set $auth_cookie …; add_header Set-Cookie
// $auth_cookie always;`, and a dead cookie (revoked refresh token, forged, foreign) is deleted on the way to sign-in.
import type { RequestListener } from 'node:http';
import { seal } from '@cognito-connect/core';
import type { Emulator, SeedClient } from '@cognito-connect/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../support/agent.js';
import { movableDate } from '../support/clock.js';
import { NGINX, type RenewedCookie, binaryAvailable, startNginx } from '../support/proxies.js';
import {
  CLEARED,
  type ForwardAuthSites,
  LEAD_SECONDS,
  type ProxiedSite as Site,
  RENEWED,
  SESSION_COOKIE,
  SHORT_LIVED_TOKENS,
  TOKEN_SECONDS,
  sealedSession,
  startForwardAuthSites,
} from '../support/forward-auth.js';
import { COOKIE_SECRET, READER, revokeRefreshToken } from '../support/stack.js';

/** The app behind nginx: 404 under /missing/, else 200 naming the path and the user nginx passed on. */
const app: RequestListener = (req, res) => {
  const status = req.url?.startsWith('/missing/') ? 404 : 200;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${status} ${req.url} for ${String(req.headers['x-auth-request-user'] ?? '')}`);
};

describe.runIf(binaryAvailable(NGINX, 'nginx'))('session renewal through nginx auth_request', () => {
  let stack: ForwardAuthSites<RenewedCookie>;
  let emulator: Emulator;
  let client: SeedClient;
  let sites: Record<RenewedCookie, Site>;
  const restartGateway = (site: Site) => stack.restartGateway(site);

  beforeAll(async () => {
    stack = await startForwardAuthSites({
      variants: ['always', 'success-only', 'dropped'],
      proxy: (site, variant) => startNginx(site, variant),
      app,
      clientName: 'Renewing forward-auth',
      clientSettings: SHORT_LIVED_TOKENS,
    });
    ({ emulator, client, sites } = stack);
  }, 120_000);

  afterAll(() => stack?.stop());

  const advance = movableDate();

  /** Signs the reader in through nginx, from a deep link back to that page. */
  async function signIn(site: Site): Promise<Agent> {
    const agent = new Agent();
    const form = await agent.navigate(`${site.url}/docs/start`);
    expect(form.url.startsWith(emulator.url)).toBe(true);
    const landed = await agent.signIn(form, READER.username, READER.password);
    expect(landed.url).toBe(`${site.url}/docs/start`);
    expect(landed.body).toBe(`200 /docs/start for ${READER.email}`);
    return agent;
  }

  const sessionCookie = (agent: Agent, site: Site) => agent.cookies(site.url)[SESSION_COOKIE] as string;
  const sealed = sealedSession;

  it('passes the renewed cookie to the browser, which then serves pages with no further refresh at Cognito', async () => {
    const site = sites.always;
    const agent = await signIn(site);
    const first = sessionCookie(agent, site);
    const before = await sealed(first);
    const counted = stack.refreshes();

    advance(TOKEN_SECONDS - 30);
    const renewedPage = await agent.request(`${site.url}/docs/next`);
    expect(renewedPage.status).toBe(200);
    expect(await renewedPage.text()).toBe(`200 /docs/next for ${READER.email}`);
    const setCookies = renewedPage.headers.getSetCookie();
    expect(setCookies).toHaveLength(1);
    expect(setCookies[0]).toMatch(RENEWED);
    expect(stack.refreshes()).toBe(counted + 1);
    const renewed = sessionCookie(agent, site);
    expect(renewed).not.toBe(first);
    const after = await sealed(renewed);
    expect(after.t).toBeGreaterThan(before.t);
    expect(after.r).toBe(before.r);

    // From now on a refresh would fail: the renewed cookie serves pages on its own tokens, not by asking Cognito.
    expect(await revokeRefreshToken(emulator, client, after.r)).toBe(200);
    advance(TOKEN_SECONDS - LEAD_SECONDS - 30);
    for (const path of ['/docs/a', '/docs/b', '/docs/c']) {
      const page = await agent.request(site.url + path);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(`200 ${path} for ${READER.email}`);
      expect(page.headers.getSetCookie()).toEqual([]);
    }
    expect(stack.refreshes()).toBe(counted + 1);
    expect(sessionCookie(agent, site)).toBe(renewed);

    // A restarted gateway (or another instance) has no memory of the renewal, and needs none.
    await restartGateway(site);
    expect((await agent.request(`${site.url}/docs/d`)).status).toBe(200);
    expect(stack.refreshes()).toBe(counted + 1);
  });

  it('passes the renewed cookie on an error answer from the app too, with `always` only', async () => {
    for (const [variant, passed] of [
      ['always', 1],
      ['success-only', 0],
    ] as const) {
      const site = sites[variant];
      const agent = await signIn(site);
      const first = sessionCookie(agent, site);
      const counted = stack.refreshes();
      advance(TOKEN_SECONDS - 30);
      const missing = await agent.request(`${site.url}/missing/page`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toBe(`404 /missing/page for ${READER.email}`);
      expect(stack.refreshes()).toBe(counted + 1); // the check renewed the session either way ...
      // ... but nginx adds headers to a 404 only when told `always`.
      expect(missing.headers.getSetCookie()).toHaveLength(passed);
      if (passed) expect(missing.headers.getSetCookie()[0]).toMatch(RENEWED);
      expect(sessionCookie(agent, site) === first).toBe(!passed);
    }
  });

  it('without the two lines the browser keeps its first cookie, so every gateway that sees it asks Cognito again', async () => {
    const site = sites.dropped;
    const agent = await signIn(site);
    const first = sessionCookie(agent, site);
    const counted = stack.refreshes();

    advance(TOKEN_SECONDS - 30);
    const page = await agent.request(`${site.url}/docs/next`);
    expect(page.status).toBe(200);
    expect(stack.refreshes()).toBe(counted + 1); // the check renewed the session ...
    expect(page.headers.getSetCookie()).toEqual([]); // ... but nginx kept the cookie from the browser
    expect(sessionCookie(agent, site)).toBe(first);
    // The gateway did answer the check with the renewed cookie: nginx dropped it.
    const check = await fetch(`http://127.0.0.1:${site.gatewayPort}/_auth/check`, {
      headers: { cookie: `${SESSION_COOKIE}=${first}` },
    });
    expect(check.status).toBe(200);
    expect(check.headers.getSetCookie()[0]).toMatch(RENEWED);

    // The same process reuses its renewal for 10 s; a restarted gateway (or another instance) must ask again.
    await restartGateway(site);
    expect((await agent.request(`${site.url}/docs/again`)).status).toBe(200);
    expect(stack.refreshes()).toBe(counted + 2);
    expect(sessionCookie(agent, site)).toBe(first);
  });

  it('sends a renewal made while refusing a group with the refusal page (error_page 403 answers from /_auth/)', async () => {
    const site = sites.always;
    const agent = await signIn(site);
    const first = sessionCookie(agent, site);
    advance(TOKEN_SECONDS - 30);
    const check = await fetch(`http://127.0.0.1:${site.gatewayPort}/_auth/check?group=admins`, {
      headers: { cookie: `${SESSION_COOKIE}=${first}` },
    });
    expect(check.status).toBe(403);
    expect(check.headers.getSetCookie()).toHaveLength(1);
    expect(check.headers.getSetCookie()[0]).toMatch(RENEWED);
    // nginx answers from /_auth/denied; the generator's /_auth/ location adds the check's cookie to that answer.
    const refused = await agent.request(`${site.url}/admin/`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Access denied');
    expect(refused.headers.getSetCookie()).toHaveLength(1);
    expect(refused.headers.getSetCookie()[0]).toMatch(RENEWED);
    expect(sessionCookie(agent, site)).not.toBe(first);
    const page = await agent.request(`${site.url}/docs/next`);
    expect(page.status).toBe(200);
    expect(page.headers.getSetCookie()).toEqual([]);
  });

  it('sends the browser to sign in once the refresh token is revoked, instead of serving the page', async () => {
    const site = sites.always;
    const agent = await signIn(site);
    const { r } = await sealed(sessionCookie(agent, site));
    expect(await revokeRefreshToken(emulator, client, r)).toBe(200);
    const counted = stack.refreshes();

    advance(TOKEN_SECONDS - 30);
    const refused = await agent.request(`${site.url}/docs/secret`);
    expect(stack.refreshes()).toBe(counted + 1);
    // nginx's error_page 401 = /_auth/login?rd=… : the gateway's login answers with the way to the hosted UI.
    expect(refused.status).toBe(302);
    const location = new URL(refused.headers.get('location') as string);
    expect(location.origin).toBe(emulator.url);
    expect(location.pathname).toBe('/oauth2/authorize');
    expect(await refused.text()).not.toContain('/docs/secret for');

    // The check deletes the dead cookie, and nginx passes that on with the login's answer error_page 401 shows: the
    // browser stops sending a cookie that can never be renewed, before it signs in again.
    expect(refused.headers.getSetCookie().map((header) => header.split('=')[0])).toEqual(
      expect.arrayContaining([SESSION_COOKIE, `${SESSION_COOKIE}-tx`]),
    );
    expect(refused.headers.getSetCookie()).toContain(CLEARED);
    expect(agent.cookies(site.url)[SESSION_COOKIE]).toBeUndefined();
    // Cognito's own session is still open, so the hosted UI sends the browser straight back to the page it asked
    // for, with a new session that has its own refresh token.
    const landed = await agent.navigate(location.href);
    expect(landed.url).toBe(`${site.url}/docs/secret`);
    expect(landed.body).toBe(`200 /docs/secret for ${READER.email}`);
    expect((await sealed(sessionCookie(agent, site))).r).not.toBe(r);
  });

  it('deletes a session cookie that no longer opens (forged, or sealed with another secret) through nginx', async () => {
    const foreign = await seal({ c: { email: READER.email } }, `${COOKIE_SECRET}-rotated`, {
      purpose: 'visitor-session',
      ttlSeconds: 3600,
    });
    for (const [variant, cleared] of [
      ['always', true],
      ['dropped', false],
    ] as const) {
      const site = sites[variant];
      for (const dead of ['forged.value', foreign]) {
        const agent = new Agent();
        agent.setCookie(site.url, SESSION_COOKIE, dead);
        const refused = await agent.request(`${site.url}/docs/page`);
        expect(refused.status).toBe(302);
        expect(new URL(refused.headers.get('location') as string).pathname).toBe('/oauth2/authorize');
        // Only with the generator's lines does the check's deletion reach the browser.
        expect(refused.headers.getSetCookie().includes(CLEARED)).toBe(cleared);
        expect(agent.cookies(site.url)[SESSION_COOKIE]).toBe(cleared ? undefined : dead);
      }
    }
    // The check itself answers the dead cookie with its deletion.
    const check = await fetch(`http://127.0.0.1:${sites.always.gatewayPort}/_auth/check`, {
      headers: { cookie: `${SESSION_COOKIE}=${foreign}` },
    });
    expect(check.status).toBe(401);
    expect(check.headers.getSetCookie()).toEqual([CLEARED]);
    // Without a session cookie there is nothing to delete.
    const none = await new Agent().request(`${sites.always.url}/docs/page`);
    expect(none.status).toBe(302);
    expect(none.headers.getSetCookie().map((header) => header.split('=')[0])).toEqual([`${SESSION_COOKIE}-tx`]);
  });

  it('answers 503 with Retry-After, not a bare 500, once a session expired while Cognito could not renew it', async () => {
    const site = sites.always;
    const agent = await signIn(site);
    emulator.faults.set({ token: 'error' });
    try {
      // The session is kept while its tokens last; after that the check answers 503, which auth_request turns into a
      // 500: the generator's error_page gives the browser the 503 back.
      advance(TOKEN_SECONDS - 30);
      expect((await agent.request(`${site.url}/docs/kept`)).status).toBe(200);
      advance(60);
      const unavailable = await agent.request(`${site.url}/docs/later`);
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get('retry-after')).toBe('5');
      expect(unavailable.headers.get('cache-control')).toBe('no-store');
      expect(await unavailable.text()).toBe('Sign-in is unavailable; try again in a moment.');
    } finally {
      emulator.faults.set({ token: null });
    }
    // Once Cognito answers again, the same browser renews and gets its page.
    const page = await agent.request(`${site.url}/docs/later`);
    expect(page.status).toBe(200);
    expect(page.headers.getSetCookie()[0]).toMatch(RENEWED);
  });

  it("sends a browser without a session to sign in whatever X-Forwarded-* headers it sends (they are Caddy's, not nginx's)", async () => {
    const agent = new Agent();
    const refused = await agent.request(`${sites.always.url}/docs/page`, {
      headers: {
        accept: 'text/html',
        'x-forwarded-uri': '/elsewhere',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        'x-forwarded-method': 'GET',
      },
    });
    expect(refused.status).toBe(302);
    const location = new URL(refused.headers.get('location') as string);
    expect(location.pathname).toBe('/oauth2/authorize');
  });
});
