// Sessions that last: the gateway renews Cognito's tokens with the sealed refresh token, within the refresh token's life and maxSessionAge, and ends the session when Cognito refuses.
import { unseal } from '@cognito-connect/core';
import type { Emulator, SeedClient } from '@cognito-connect/emulator';
import type { RunningGateway } from '@cognito-connect/visitor-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../support/agent.js';
import { movableDate } from '../support/clock.js';
import {
  COOKIE_SECRET,
  READERS_GROUP,
  gatewayFor,
  registerClient,
  reserveSite,
  revokeRefreshToken,
  startPool,
} from '../support/stack.js';

const SESSION_COOKIE = 'cc-visitor';
/** Cognito's shortest ID/access token life; the refresh token lives an hour, the gateway's sessions two. */
const TOKEN_SECONDS = 300;
const REFRESH_SECONDS = 3600;

let emulator: Emulator;
let client: SeedClient;
let gateway: RunningGateway;
let shortLived: RunningGateway;
let users = 0;

beforeAll(async () => {
  emulator = await startPool();
  const [main, short] = await Promise.all([reserveSite(), reserveSite()]);
  client = registerClient(emulator, [main.site, short.site], 'Refreshing gateway', {
    tokenValidity: { idToken: TOKEN_SECONDS, accessToken: TOKEN_SECONDS, refreshToken: REFRESH_SECONDS },
  });
  gateway = await gatewayFor(emulator, client, main, { maxSessionAge: 2 * REFRESH_SECONDS });
  shortLived = await gatewayFor(emulator, client, short, { maxSessionAge: 400 });
}, 60_000);

afterAll(async () => {
  await Promise.all([gateway?.close(), shortLived?.close()]);
  await emulator?.stop();
});

const advance = movableDate();

/** A new user of the readers group, so disabling one does not disturb another test. */
function newReader(): { username: string; password: string } {
  users += 1;
  const user = { username: `refresher-${users}`, password: 'Refresher-passw0rd!' };
  emulator.admin.addUser({
    ...user,
    attributes: { email: `${user.username}@example.com`, email_verified: 'true' },
    groups: [READERS_GROUP],
  });
  return user;
}

async function signIn(site: RunningGateway, user = newReader()): Promise<{ agent: Agent; user: typeof user }> {
  const agent = new Agent();
  const form = await agent.navigate(`${site.url}/guide/`);
  const page = await agent.signIn(form, user.username, user.password);
  expect(page.response.status).toBe(200);
  expect(page.url).toBe(`${site.url}/guide/`);
  return { agent, user };
}

async function sealedSession(agent: Agent, site: RunningGateway) {
  const value = agent.cookies(site.url)[SESSION_COOKIE] as string;
  expect(value).toBeTruthy();
  return unseal<{ t: number; r: string }>(value, COOKIE_SECRET, 'visitor-session');
}

/** Requests a page without following redirects. */
const page = (agent: Agent, site: RunningGateway, path = '/guide/') => agent.request(site.url + path);

describe('a session that refreshes', () => {
  it('keeps the refresh token sealed in the session cookie, which lives until the maximum session age', async () => {
    const agent = new Agent();
    const user = newReader();
    const form = await agent.navigate(`${gateway.url}/guide/`);
    const landed = await agent.signIn(form, user.username, user.password);
    const setCookie = landed.hops.flatMap((hop) => hop.setCookies).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(setCookie).toMatch(new RegExp(`Max-Age=(${2 * REFRESH_SECONDS}|${2 * REFRESH_SECONDS - 1});`));
    const sealed = await sealedSession(agent, gateway);
    expect(sealed.r).toEqual(expect.any(String));
    expect(sealed.t - Date.now() / 1000).toBeLessThanOrEqual(TOKEN_SECONDS);
    expect(setCookie).not.toContain(sealed.r);
  });

  it('renews the tokens shortly before they expire, again and again, with no new sign-in', async () => {
    const { agent } = await signIn(gateway);
    const first = await sealedSession(agent, gateway);
    advance(TOKEN_SECONDS - 30);
    const renewed = await page(agent, gateway);
    expect(renewed.status).toBe(200);
    expect(renewed.headers.getSetCookie().join()).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w.-]+; Max-Age=\\d+;`));
    const second = await sealedSession(agent, gateway);
    expect(second.t).toBeGreaterThan(first.t);
    expect(second.r).toBe(first.r); // Cognito does not rotate refresh tokens
    // Past the first tokens' expiry, and past the second's: each visit inside the lead window renews.
    for (let i = 0; i < 3; i++) {
      advance(TOKEN_SECONDS - 30);
      const later = await page(agent, gateway, '/reference/api/');
      expect(later.status).toBe(200);
      expect(later.headers.getSetCookie()).toHaveLength(1);
    }
    // Between renewals, pages are served without touching the cookie.
    const quiet = await page(agent, gateway);
    expect(quiet.status).toBe(200);
    expect(quiet.headers.getSetCookie()).toEqual([]);
  });

  it('ends the session on the next refresh once the refresh token is revoked at /oauth2/revoke', async () => {
    const { agent } = await signIn(gateway);
    const { r } = await sealedSession(agent, gateway);
    expect(await revokeRefreshToken(emulator, client, r)).toBe(200);
    advance(TOKEN_SECONDS - 30);
    await expectSignedOut(agent, gateway);
  });

  it('ends the session on the next refresh once the user is disabled', async () => {
    const { agent, user } = await signIn(gateway);
    emulator.admin.setUserEnabled(user.username, false);
    advance(TOKEN_SECONDS - 30);
    await expectSignedOut(agent, gateway);
  });

  it('keeps the session while Cognito cannot be asked, answers 503 once the tokens expired, and renews when it can', async () => {
    const { agent } = await signIn(gateway);
    const before = agent.cookies(gateway.url)[SESSION_COOKIE];
    emulator.faults.set({ token: 'error' });
    try {
      advance(TOKEN_SECONDS - 30);
      const kept = await page(agent, gateway);
      expect(kept.status).toBe(200);
      expect(kept.headers.getSetCookie()).toEqual([]);
      advance(60);
      const unavailable = await page(agent, gateway);
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get('retry-after')).toBe('5');
      expect(await unavailable.text()).toBe('Sign-in is unavailable; try again in a moment.');
      expect(unavailable.headers.getSetCookie()).toEqual([]);
      expect(agent.cookies(gateway.url)[SESSION_COOKIE]).toBe(before);
    } finally {
      emulator.faults.clear();
    }
    const renewed = await page(agent, gateway);
    expect(renewed.status).toBe(200);
    expect(renewed.headers.getSetCookie()).toHaveLength(1);
    expect(agent.cookies(gateway.url)[SESSION_COOKIE]).not.toBe(before);
  });

  it("ends the session when the refresh token's life is over, even within the maximum session age", async () => {
    const { agent } = await signIn(gateway);
    advance(REFRESH_SECONDS + 10);
    // The cookie (maxSessionAge: two hours) is still held and opens; Cognito refuses the expired refresh token.
    expect(Object.keys(agent.cookies(gateway.url))).toContain(SESSION_COOKIE);
    await expectSignedOut(agent, gateway);
  });

  it('ends the session at maxSessionAge however often it refreshed', async () => {
    const { agent } = await signIn(shortLived);
    advance(TOKEN_SECONDS - 30);
    expect((await page(agent, shortLived)).status).toBe(200);
    const cookie = agent.cookies(shortLived.url)[SESSION_COOKIE] as string;
    const { t } = await sealedSession(agent, shortLived);
    expect(t - (Date.now() / 1000 - (TOKEN_SECONDS - 30))).toBeLessThanOrEqual(400); // capped at sign-in + 400 s
    advance(400 - (TOKEN_SECONDS - 30) + 1);
    // The browser dropped the cookie (its Max-Age ended) ...
    expect(agent.cookies(shortLived.url)[SESSION_COOKIE]).toBeUndefined();
    expect((await page(agent, shortLived)).status).toBe(302);
    // ... and a copy kept past its Max-Age opens no more: the seal expired with it.
    const replayed = new Agent();
    replayed.setCookie(shortLived.url, SESSION_COOKIE, cookie);
    await expectSignedOut(replayed, shortLived);
  });
});

describe('logout', () => {
  it('revokes the refresh token, so a copy of the session cookie dies at its next refresh', async () => {
    const { agent } = await signIn(gateway);
    const copy = agent.cookies(gateway.url)[SESSION_COOKIE] as string;
    const out = await agent.request(`${gateway.url}/_auth/logout`, {
      method: 'POST',
      headers: { origin: gateway.url },
    });
    expect(out.status).toBe(303);
    expect(agent.cookies(gateway.url)[SESSION_COOKIE]).toBeUndefined();
    const thief = new Agent();
    thief.setCookie(gateway.url, SESSION_COOKIE, copy);
    advance(TOKEN_SECONDS - 30);
    await expectSignedOut(thief, gateway);
  });
});

async function expectSignedOut(agent: Agent, site: RunningGateway): Promise<void> {
  const refused = await page(agent, site);
  expect(refused.status).toBe(302);
  expect(new URL(refused.headers.get('location') as string).pathname).toBe('/_auth/login');
  expect(refused.headers.getSetCookie().join()).toMatch(new RegExp(`^${SESSION_COOKIE}=; Max-Age=0;`));
  expect(agent.cookies(site.url)[SESSION_COOKIE]).toBeUndefined();
}
