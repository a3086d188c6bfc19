// Attacks on the last steps of a login: a one-time code redeemed by another browser, a session-only redemption, logout CSRF.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { Visitor, errorCode } from '../support/browser.js';
import { ALICE, BOB, FRONTEND, type Stack, startStack } from '../support/stack.js';

interface AuthBody {
  jwt: string;
  user: { id: number; username: string; email: string };
}

let stack: Stack;
const loginTo = (target: string, extra = '') =>
  `${stack.url}/api/cognito-connect/login?returnTo=${encodeURIComponent(target)}${extra}`;

/** Signs in through the hardened flow with a front end and returns where the browser lands, and the one-time code. */
async function landWithCode(visitor: Visitor, start: string, user = BOB): Promise<{ landing: URL; code: string }> {
  const response = await visitor.signIn(start, user);
  expect(response.status, await response.clone().text()).toBe(302);
  const landing = new URL(response.headers.get('location') as string);
  const code = new URLSearchParams(landing.hash.slice(1)).get('login_code') ?? landing.searchParams.get('login_code');
  expect(code).toBeTruthy();
  return { landing, code: code as string };
}

beforeAll(async () => {
  // Strapi behind a TLS-terminating proxy: it trusts X-Forwarded-Proto (server.proxy.koa).
  process.env.TRUST_PROXY = 'true';
  stack = await startStack();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  delete process.env.TRUST_PROXY;
});

describe('login CSRF through the one-time login code (hardened flow)', () => {
  it('delivers the code in the URL fragment, never in the query', async () => {
    const { landing } = await landWithCode(new Visitor(), loginTo(`${FRONTEND}/after-login?tab=2`));
    expect(landing.origin + landing.pathname).toBe(`${FRONTEND}/after-login`);
    expect([...landing.searchParams.keys()]).toEqual(['tab']);
    expect(landing.hash).toMatch(/^#login_code=/);
  });

  it("refuses the attacker's code in the victim's browser, and the code is spent", async () => {
    const attacker = new Visitor();
    const { code } = await landWithCode(attacker, loginTo(`${FRONTEND}/`));
    const victim = new Visitor();
    const response = await victim.post(`${stack.url}/api/cognito-connect/exchange`, { code });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('FLOW_BROWSER_MISMATCH');
    const later = await attacker.post(`${stack.url}/api/cognito-connect/exchange`, { code });
    expect(await errorCode(later)).toBe('CODE_INVALID');
  });

  it('redeems the code in the browser that started the login (its binding cookie)', async () => {
    const visitor = new Visitor();
    const { code } = await landWithCode(visitor, loginTo(`${FRONTEND}/`));
    const response = await visitor.post(`${stack.url}/api/cognito-connect/exchange`, { code });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(((await response.json()) as AuthBody).user.email).toBe('bob@example.com');
  });

  it('redeems the code with the front end’s verifier (PKCE-style), without cookies, and only with the right one', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const first = await landWithCode(new Visitor(), loginTo(`${FRONTEND}/`, `&login_challenge=${challenge}`));
    const wrong = await fetch(`${stack.url}/api/cognito-connect/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: first.code, code_verifier: randomBytes(32).toString('base64url') }),
    });
    expect(await errorCode(wrong)).toBe('FLOW_BROWSER_MISMATCH');
    const second = await landWithCode(new Visitor(), loginTo(`${FRONTEND}/`, `&login_challenge=${challenge}`));
    const right = await fetch(`${stack.url}/api/cognito-connect/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: second.code, code_verifier: verifier }),
    });
    expect(right.status, await right.clone().text()).toBe(200);
  });
});

describe('built-in routes: the login code is bound to the browser, and the koa session alone redeems nothing', () => {
  it("refuses the attacker's code in the victim's browser", async () => {
    const attacker = new Visitor();
    const response = await attacker.signIn(`${stack.url}/api/connect/cognito`, BOB);
    const frontEnd = new URL(response.headers.get('location') as string);
    const victim = new Visitor();
    const redeemed = await victim.get(`${stack.url}/api/auth/cognito/callback${frontEnd.search}`);
    expect(redeemed.status).toBe(403);
    expect(await errorCode(redeemed)).toBe('FLOW_BROWSER_MISMATCH');
  });

  it("refuses a link carrying the attacker's code with the attacker's own verifier: a verifier in a URL proves no browser", async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const attacker = new Visitor();
    const response = await attacker.signIn(`${stack.url}/api/connect/cognito?login_challenge=${challenge}`, BOB);
    const link = new URL(response.headers.get('location') as string);
    expect(link.searchParams.get('login_code')).toBeTruthy();
    link.searchParams.set('code_verifier', verifier);
    // The victim opens the link; Strapi's documented front end forwards its whole query to the callback.
    const victim = new Visitor();
    const redeemed = await victim.get(`${stack.url}/api/auth/cognito/callback${link.search}`);
    expect(await redeemed.clone().text()).not.toContain('"jwt"');
    expect(redeemed.status).toBe(400);
    expect(await errorCode(redeemed)).toBe('CODE_VERIFIER_IN_URL');
  });

  it('redeems a built-in code on another site with the verifier in the body of POST /exchange', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const response = await new Visitor().signIn(`${stack.url}/api/connect/cognito?login_challenge=${challenge}`, BOB);
    const code = new URL(response.headers.get('location') as string).searchParams.get('login_code');
    const redeemed = await fetch(`${stack.url}/api/cognito-connect/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: FRONTEND },
      body: JSON.stringify({ code, code_verifier: verifier }),
    });
    expect(redeemed.status, await redeemed.clone().text()).toBe(200);
    expect(((await redeemed.json()) as AuthBody).user.email).toBe('bob@example.com');
  });

  it('gives a cross-origin request carrying only koa.sess nothing', async () => {
    const visitor = new Visitor();
    const { callback } = await visitor.signInUntilCallback(`${stack.url}/api/connect/cognito`, ALICE);
    expect((await visitor.get(callback)).status).toBe(302);
    const session = visitor.jar
      .header(stack.url)
      .split('; ')
      .filter((c) => c.startsWith('koa.sess'))
      .join('; ');
    const stolen = await fetch(`${stack.url}/api/auth/cognito/callback`, {
      headers: { cookie: session, origin: 'https://evil.example' },
    });
    expect(stolen.status).toBe(400);
    expect(await stolen.text()).not.toContain('"jwt"');
  });
});

describe('logout CSRF', () => {
  it('GET only shows a confirm page: nothing is ended', async () => {
    const response = await new Visitor().get(
      `${stack.url}/api/cognito-connect/logout?returnTo=${encodeURIComponent(`${FRONTEND}/signed-out`)}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('location')).toBeNull();
    const page = await response.text();
    expect(page).toMatch(/<form[^>]+method="post"/i);
    // The form posts returnTo back in its action (escaped), from Strapi's own origin.
    expect(page).toContain(
      `action="/api/cognito-connect/logout?${new URLSearchParams({ returnTo: `${FRONTEND}/signed-out` })}"`,
    );
  });

  it('refuses a cross-site POST', async () => {
    const response = await new Visitor().post(
      `${stack.url}/api/cognito-connect/logout`,
      {},
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('REQUEST_CROSS_SITE');
  });

  it('ends the session on a same-origin POST and goes through Cognito’s /logout', async () => {
    const response = await new Visitor().post(
      `${stack.url}/api/cognito-connect/logout`,
      { returnTo: `${FRONTEND}/signed-out` },
      { origin: stack.url, 'sec-fetch-site': 'same-origin' },
    );
    expect([302, 303]).toContain(response.status);
    expect(new URL(response.headers.get('location') as string).origin).toBe(stack.emulator.url);
  });
});

describe('cookies behind a TLS-terminating proxy', () => {
  it('are Secure and __Host- prefixed when the proxy says https', async () => {
    const response = await fetch(`${stack.url}/api/cognito-connect/login`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(response.status).toBe(302);
    const cookies = response.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/^__Host-/);
      expect(cookie).toMatch(/;\s*path=\/(;|$)/i);
      expect(cookie).toMatch(/;\s*secure/i);
      expect(cookie).toMatch(/;\s*httponly/i);
    }
  });

  it("cannot be planted from a sibling subdomain: the attacker's login never finishes in the victim's browser", async () => {
    const https = { 'x-forwarded-proto': 'https' };
    // The attacker starts a login on their own machine and signs in, stopping where Cognito sends them to the callback.
    const started = await fetch(loginTo(`${FRONTEND}/`), { redirect: 'manual', headers: https });
    const attackerCookies = started.headers.getSetCookie().map((line) => line.split(';')[0] as string);
    const { location: callback } = await signInWithHostedUi(
      started.headers.get('location') as string,
      BOB,
      new CookieJar(),
    );
    expect(callback.startsWith(`${stack.url}/api/cognito-connect/callback?`)).toBe(true);
    // From a page on a sibling subdomain the attacker sets those cookies in the victim's browser with Domain=<parent>
    // (Secure over https, any path): browsers accept any name that way except a __Host- one, which must be host-only
    // (RFC 6265bis, "The __Host- Prefix"). Then the page sends the victim to the callback.
    const planted = attackerCookies.filter((pair) => !pair.startsWith('__Host-'));
    const landed = await fetch(callback, { redirect: 'manual', headers: { ...https, cookie: planted.join('; ') } });
    const location = landed.headers.get('location') ?? '';
    expect(location).not.toContain('login_code');
    expect(landed.status).toBe(400);
    expect(await errorCode(landed)).toBe('FLOW_TRANSACTION_INVALID');
  });
});
