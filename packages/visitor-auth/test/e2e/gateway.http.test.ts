// The gateway against the emulator over real HTTP: deep links, sessions, upstream proxying, and the attacks the issue lists.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seal } from '@cognito-connect/core';
import type { Emulator, SeedClient } from '@cognito-connect/emulator';
import { type RunningGateway, signVisitorToken } from '@cognito-connect/visitor-auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Agent, type Navigation } from '../support/agent.js';
import {
  COOKIE_SECRET,
  OUTSIDER,
  READER,
  READERS_GROUP,
  gatewayFor,
  registerClient,
  reserveSite,
  startPool,
} from '../support/stack.js';

const SESSION_COOKIE = 'cc-visitor';
const TX_COOKIE = 'cc-visitor-tx';
// A reader who changed their email to someone else's (UpdateUserAttributes) and never confirmed it: Cognito's tokens carry
// the new address with email_verified false.
const IMPOSTOR = { username: 'impostor', password: 'Impostor-passw0rd!', email: 'ceo@example.com' };

let emulator: Emulator;
let otherPool: Emulator;
let client: SeedClient;
let otherClient: SeedClient;
let gateway: RunningGateway;
let proxied: RunningGateway;
let misconfigured: RunningGateway;
let behindTls: RunningGateway;
let upstream: Server;
const upstreamSaw: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
  [emulator, otherPool] = await Promise.all([startPool(), startPool()]);
  emulator.admin.addUser({
    username: IMPOSTOR.username,
    password: IMPOSTOR.password,
    attributes: { email: IMPOSTOR.email, email_verified: 'false' },
    groups: [READERS_GROUP],
  });
  upstream = createServer((req, res) => {
    upstreamSaw.push({ url: req.url ?? '', headers: req.headers });
    res.setHeader('content-type', 'text/html');
    res.end(`<h1>Upstream ${req.url}</h1>`);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const [main, viaProxy, mixedUp, tls] = await Promise.all([
    reserveSite(),
    reserveSite(),
    reserveSite(),
    reserveSite(),
  ]);
  client = registerClient(emulator, [main.site, viaProxy.site]);
  otherClient = registerClient(emulator, [main.site], 'Another app of the same pool');
  // The other pool knows the same client ID and secret, so only the tokens' issuer and keys differ.
  registerClientCopy(otherPool, client, mixedUp.site);
  gateway = await gatewayFor(emulator, client, main);
  // An https site whose TLS ends in front of the gateway: the gateway itself answers plain HTTP on the port.
  const httpsSite = `https://127.0.0.1:${tls.port}`;
  behindTls = await gatewayFor(emulator, registerClient(emulator, [httpsSite], 'Docs gateway behind TLS'), {
    port: tls.port,
    site: httpsSite,
  });
  proxied = await gatewayFor(emulator, client, viaProxy, {
    dir: undefined,
    upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
  });
  // Trusts `emulator`'s pool but talks to `otherPool`'s domain: whatever that domain returns must fail verification.
  misconfigured = await gatewayFor(emulator, client, mixedUp, {
    cognito: { ...emulator.settingsFor(client.clientId), domain: otherPool.url },
  });
});

afterAll(async () => {
  await Promise.all([gateway?.close(), proxied?.close(), misconfigured?.close(), behindTls?.close()]);
  await new Promise((resolve) => upstream?.close(resolve));
  await Promise.all([emulator?.stop(), otherPool?.stop()]);
});

function registerClientCopy(pool: Emulator, original: SeedClient, site: string): void {
  pool.admin.addClient({
    clientId: original.clientId,
    clientSecret: original.clientSecret,
    name: 'Copy in another pool',
    callbackUrls: [`${site}/_auth/callback`],
    logoutUrls: [`${site}/`],
  });
}

/** Signs a fresh visitor in through the hosted UI, starting from `path`. */
async function signedIn(
  path: string,
  user = READER,
  base = gateway.url,
): Promise<{ agent: Agent; page: Navigation; form: Navigation }> {
  const agent = new Agent();
  const form = await agent.navigate(base + path);
  const page = await agent.signIn(form, user.username, user.password);
  return { agent, page, form };
}

/** Starts a login and stops at the callback Cognito sends the browser to, without following it. */
async function callbackFor(agent: Agent, location = '/guide/'): Promise<string> {
  const login = await agent.request(`${gateway.url}/_auth/login?location=${encodeURIComponent(location)}`);
  const authorize = login.headers.get('location') as string;
  const form = await agent.navigate(authorize);
  const pending = /name="pending" value="([^"]+)"/.exec(form.body)?.[1] as string;
  const posted = await agent.request(`${emulator.url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ pending, username: READER.username, password: READER.password }).toString(),
  });
  return posted.headers.get('location') as string;
}

describe('deep links and sessions', () => {
  it('sends a deep link through the hosted UI with PKCE, state and nonce, and lands on that exact page', async () => {
    const { agent, page, form } = await signedIn('/guide/getting-started.html?tab=cli');
    const authorize = new URL(form.hops.find((hop) => hop.location?.includes('/oauth2/authorize'))?.location as string);
    expect(authorize.origin).toBe(emulator.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    // The requested page travels sealed in the transaction cookie, never in `state`.
    expect(authorize.searchParams.get('state')).not.toMatch(/guide|getting-started/);
    expect(page.response.status).toBe(200);
    expect(page.url).toBe(`${gateway.url}/guide/getting-started.html?tab=cli`);
    expect(page.body).toContain('<h1>Getting started</h1>');
    expect(page.response.headers.get('cache-control')).toBe('private, no-cache');
    const sessionCookie = page.hops
      .flatMap((hop) => hop.setCookies)
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`)) as string;
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);
    expect(sessionCookie).toMatch(/Path=\//);
    expect(sessionCookie).not.toMatch(/Secure/i); // plain-http loopback; https sites get __Host- and Secure
    const again = await agent.navigate(`${gateway.url}/reference/api/`);
    expect(again.hops).toHaveLength(1);
    expect(again.body).toContain('<h1>API reference</h1>');
  });

  it('keeps the session sealed: the cookie holds no readable claim', async () => {
    const { agent } = await signedIn('/');
    const value = agent.cookies(gateway.url)[SESSION_COOKIE] as string;
    expect(value.split('.')).toHaveLength(5);
    expect(Buffer.from(value.replace(/\./g, ''), 'base64url').toString('latin1')).not.toContain(READER.email);
  });

  it('refuses a user outside the required groups with a clear page and no session', async () => {
    const { agent, page } = await signedIn('/guide/', OUTSIDER);
    expect(page.response.status).toBe(403);
    expect(page.body).toContain('Access denied');
    expect(page.body).toContain(OUTSIDER.email);
    expect(agent.cookies(gateway.url)[SESSION_COOKIE]).toBeUndefined();
  });

  it('answers requests other than GET without a session with 401, not a redirect', async () => {
    const response = await fetch(`${gateway.url}/guide/`, { method: 'POST', redirect: 'manual' });
    expect(response.status).toBe(401);
  });

  it('logs out of both the gateway and Cognito', async () => {
    const { agent } = await signedIn('/guide/');
    // The sign-out button on the confirmation page: a same-origin POST, as a browser sends it.
    const confirm = await agent.navigate(`${gateway.url}/_auth/logout`);
    expect(confirm.body).toContain('<form method="post" action="/_auth/logout">');
    const out = await agent.navigate(`${gateway.url}/_auth/logout`, {
      method: 'POST',
      headers: { origin: gateway.url, 'sec-fetch-site': 'same-origin' },
    });
    const toCognito = new URL(out.hops[0]?.location as string);
    expect(toCognito.origin + toCognito.pathname).toBe(`${emulator.url}/logout`);
    expect(toCognito.searchParams.get('logout_uri')).toBe(`${gateway.url}/`);
    expect(out.hops[0]?.setCookies.some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
    // Back on the site without a session, and Cognito asks for the password again: both sessions ended.
    expect(out.url.startsWith(`${emulator.url}/login`)).toBe(true);
    expect(out.body).toContain('name="password"');
  });
});

describe('upstream mode', () => {
  it('proxies to the upstream with the path and query, without the session cookie', async () => {
    const { agent, page } = await signedIn('/app/page?x=1', READER, proxied.url);
    expect(page.url).toBe(`${proxied.url}/app/page?x=1`);
    expect(page.body).toContain('<h1>Upstream /app/page?x=1</h1>');
    agent.setCookie(proxied.url, 'theme', 'dark');
    await agent.navigate(`${proxied.url}/other`);
    const seen = upstreamSaw.at(-1);
    expect(seen?.url).toBe('/other');
    expect(seen?.headers.cookie).toBe('theme=dark');
    expect(seen?.headers['x-forwarded-host']).toBe(new URL(proxied.url).host);
    expect(seen?.headers['x-auth-request-email']).toBe(READER.email);
  });

  it("never tells the upstream an email Cognito has not verified: a user cannot pass for someone else's address", async () => {
    const { page } = await signedIn('/whoami', IMPOSTOR, proxied.url);
    expect(page.url).toBe(`${proxied.url}/whoami`);
    const seen = upstreamSaw.at(-1);
    expect(seen?.url).toBe('/whoami');
    expect(seen?.headers['x-auth-request-sub']).toBe(emulator.admin.getUser(IMPOSTOR.username)?.sub);
    expect(seen?.headers).not.toHaveProperty('x-auth-request-email');
    expect(JSON.stringify(seen?.headers)).not.toContain(IMPOSTOR.email);
  });

  it('drops identity headers a client spells with underscores, which CGI, PHP-FPM and WSGI apps read as X-Auth-Request-*', async () => {
    const { agent } = await signedIn('/whoami', IMPOSTOR, proxied.url);
    await agent.request(`${proxied.url}/whoami`, {
      headers: {
        x_auth_request_email: 'ceo@example.com',
        'X-Auth-Request_Groups': 'admins',
        'X_Auth-Request-User': 'ceo',
      },
    });
    const seen = upstreamSaw.at(-1);
    expect(seen?.url).toBe('/whoami');
    const spoofable = Object.keys(seen?.headers ?? {}).filter((name) =>
      name.replace(/_/g, '-').startsWith('x-auth-request-'),
    );
    expect(spoofable.sort()).toEqual(['x-auth-request-groups', 'x-auth-request-sub', 'x-auth-request-user']);
    expect(JSON.stringify(seen?.headers)).not.toMatch(/ceo|admins/);
  });
});

describe('attacks', () => {
  it("refuses a session copied from another site's gateway that shares the cookie secret (another pool, another client)", async () => {
    // An internal site on another pool, configured with the same cookie secret as the public docs.
    const at = await reserveSite();
    const internal = await gatewayFor(otherPool, registerClient(otherPool, [at.site], 'Internal docs'), at);
    try {
      const { agent } = await signedIn('/guide/');
      const copied = agent.cookies(gateway.url)[SESSION_COOKIE] as string;
      const visitor = new Agent();
      visitor.setCookie(internal.url, SESSION_COOKIE, copied);
      const page = await visitor.request(`${internal.url}/guide/`);
      expect(page.status).toBe(302);
      expect(new URL(page.headers.get('location') as string).pathname).toBe('/_auth/login');
      expect(page.headers.getSetCookie().join()).toMatch(new RegExp(`^${SESSION_COOKIE}=; Max-Age=0`));
    } finally {
      await internal.close();
    }
  });

  it.each([
    '//evil.example',
    'https://evil.example',
    '/\\evil.example',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%252F%252Fevil.example',
    'https:evil.example',
    '///evil.example/',
    'javascript:alert(document.domain)',
    '/_auth/logout',
    '/_auth/callback?code=x&state=y',
  ])('never redirects to %j after login: the site root instead', async (location) => {
    const { agent } = await signedIn('/');
    const result = await agent.navigate(`${gateway.url}/_auth/login?location=${encodeURIComponent(location)}`);
    expect(result.url).toBe(`${gateway.url}/`);
    for (const hop of result.hops) {
      if (hop.location)
        expect([new URL(gateway.url).host, new URL(emulator.url).host]).toContain(new URL(hop.location, hop.url).host);
    }
  });

  it.each([
    ['garbage', () => 'not-a-session'],
    [
      'sealed with another secret',
      () =>
        seal({ c: { sub: 'x', groups: ['admins'] } }, 'another-cookie-secret-0123456789abcdef', {
          purpose: 'visitor-session',
          ttlSeconds: 600,
        }),
    ],
    [
      'sealed for another purpose',
      () => seal({ c: { sub: 'x' } }, COOKIE_SECRET, { purpose: 'transaction', ttlSeconds: 600 }),
    ],
    [
      'a signed visitor JWT',
      () =>
        signVisitorToken(
          { sub: 'x', groups: ['admins'] },
          { secret: COOKIE_SECRET, expiresAt: Math.floor(Date.now() / 1000) + 600 },
        ),
    ],
  ])('refuses a forged session cookie (%s) and clears it', async (_name, forge) => {
    const agent = new Agent();
    agent.setCookie(gateway.url, SESSION_COOKIE, await forge());
    const response = await agent.request(`${gateway.url}/guide/`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toContain('/_auth/login?location=%2Fguide%2F');
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
  });

  it('refuses a tampered session cookie', async () => {
    const { agent } = await signedIn('/');
    const value = agent.cookies(gateway.url)[SESSION_COOKIE] as string;
    const parts = value.split('.');
    const ciphertext = parts[3] as string;
    parts[3] = (ciphertext[0] === 'A' ? 'B' : 'A') + ciphertext.slice(1);
    agent.setCookie(gateway.url, SESSION_COOKIE, parts.join('.'));
    expect((await agent.request(`${gateway.url}/guide/`)).status).toBe(302);
  });

  it('refuses an expired session cookie', async () => {
    const agent = new Agent();
    // Sealed ten seconds ago for one second (a faked clock while sealing only): expired now, with no waiting.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 10_000 });
    let expired: string;
    try {
      expired = await seal({ c: { sub: 'x' } }, COOKIE_SECRET, { purpose: 'visitor-session', ttlSeconds: 1 });
    } finally {
      vi.useRealTimers();
    }
    agent.setCookie(gateway.url, SESSION_COOKIE, expired);
    expect((await agent.request(`${gateway.url}/guide/`)).status).toBe(302);
  });

  it('refuses a callback whose state was changed, and does not let it be retried', async () => {
    const agent = new Agent();
    const callback = new URL(await callbackFor(agent));
    const genuine = callback.href;
    callback.searchParams.set('state', 'attacker-state');
    const tampered = await agent.request(callback.href);
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain('FLOW_STATE_MISMATCH');
    // The transaction cookie is gone after any callback.
    const retried = await agent.request(genuine);
    expect(retried.status).toBe(400);
    expect(agent.cookies(gateway.url)[SESSION_COOKIE]).toBeUndefined();
  });

  it('refuses a tampered transaction cookie', async () => {
    const agent = new Agent();
    const callback = await callbackFor(agent);
    const tx = agent.cookies(callback)[TX_COOKIE] as string;
    agent.setCookie(gateway.url, TX_COOKIE, `${tx.slice(0, -4)}AAAA`, '/_auth/');
    const response = await agent.request(callback);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('FLOW_TRANSACTION_INVALID');
  });

  it('refuses a callback replayed with its transaction', async () => {
    const agent = new Agent();
    const callback = await callbackFor(agent);
    const tx = agent.cookies(callback)[TX_COOKIE] as string;
    expect((await agent.request(callback)).status).toBe(302);
    const attacker = new Agent();
    attacker.setCookie(gateway.url, TX_COOKIE, tx, '/_auth/');
    const replayed = await attacker.request(callback);
    expect(replayed.status).toBe(400);
    expect(attacker.cookies(gateway.url)[SESSION_COOKIE]).toBeUndefined();
  });

  it('refuses a callback that this browser did not start (login CSRF)', async () => {
    const victim = new Agent();
    const callback = await callbackFor(new Agent());
    const response = await victim.request(callback);
    expect(response.status).toBe(400);
    expect(victim.cookies(gateway.url)[SESSION_COOKIE]).toBeUndefined();
  });

  it('refuses a code issued to another app client of the pool', async () => {
    const agent = new Agent();
    const login = await agent.request(`${gateway.url}/_auth/login?location=%2F`);
    const authorize = new URL(login.headers.get('location') as string);
    authorize.searchParams.set('client_id', otherClient.clientId);
    const form = await agent.navigate(authorize.href);
    const result = await agent.signIn(form, READER.username, READER.password);
    expect(result.response.status).toBe(400);
    expect(result.body).toContain('Sign-in could not be completed');
    expect(agent.cookies(gateway.url)[SESSION_COOKIE]).toBeUndefined();
  });

  it('refuses tokens from another pool, even from the configured token endpoint', async () => {
    const agent = new Agent();
    const form = await agent.navigate(`${misconfigured.url}/guide/`);
    expect(form.url.startsWith(`${otherPool.url}/login`)).toBe(true);
    const result = await agent.signIn(form, READER.username, READER.password);
    expect(result.response.status).toBe(401);
    expect(result.body).toContain('could not be verified');
    expect(agent.cookies(misconfigured.url)[SESSION_COOKIE]).toBeUndefined();
  });
});

describe('cookie tossing from a sibling subdomain (https site)', () => {
  it("cannot plant the attacker's login transaction in the victim's browser", async () => {
    const plain = `http://127.0.0.1:${new URL(behindTls.url).port}`;
    // The attacker starts a login on their own machine and signs in, stopping where Cognito sends them to the callback.
    const attacker = new Agent();
    const login = await attacker.request(`${plain}/_auth/login?location=%2F`);
    const attackerCookies = login.headers.getSetCookie().map((line) => line.split(';')[0] as string);
    expect(attackerCookies.length).toBeGreaterThan(0);
    const form = await attacker.navigate(login.headers.get('location') as string);
    const pending = /name="pending" value="([^"]+)"/.exec(form.body)?.[1] as string;
    const posted = await attacker.request(`${emulator.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ pending, username: READER.username, password: READER.password }).toString(),
    });
    const callback = new URL(posted.headers.get('location') as string);
    expect(callback.origin + callback.pathname).toBe(`${behindTls.url}/_auth/callback`);
    // From a page on a sibling subdomain the attacker sets those cookies in the victim's browser with Domain=<parent>
    // (Secure over https, any path): browsers accept any name that way except a __Host- one, which must be host-only
    // (RFC 6265bis, "The __Host- Prefix"). Then the page sends the victim to the callback.
    const planted = attackerCookies.filter((pair) => !pair.startsWith('__Host-'));
    const landed = await fetch(`${plain}${callback.pathname}${callback.search}`, {
      redirect: 'manual',
      headers: { cookie: planted.join('; ') },
    });
    const cookies = landed.headers.getSetCookie();
    expect(cookies.some((line) => line.startsWith(`__Host-${SESSION_COOKIE}=`) && !line.includes('Max-Age=0'))).toBe(
      false,
    );
    expect(landed.status).toBe(400);
  });
});
