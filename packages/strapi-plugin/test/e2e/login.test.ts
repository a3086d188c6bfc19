// Both login flows over HTTP against a real Strapi 5 and the emulator's hosted UI: users, roles, codes, replays, logout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followRedirects } from '../../../../test-fixtures/support/hosted-ui.js';
import { Visitor, errorCode } from '../support/browser.js';
import { ALICE, BOB, CAROL, FRONTEND, type Stack, startStack } from '../support/stack.js';

interface AuthBody {
  jwt: string;
  user: { id: number; username: string; email: string; provider: string; cognitoSub?: string };
}

let stack: Stack;

/** The user a Strapi JWT stands for (GET /api/users/me), with its role read from the database. */
const me = async (jwt: string) => {
  const response = await fetch(`${stack.url}/api/users/me`, { headers: { authorization: `Bearer ${jwt}` } });
  expect(response.status).toBe(200);
  const { id } = (await response.json()) as { id: number };
  const user = await stack.strapi.db
    .query('plugin::users-permissions.user')
    .findOne({ where: { id }, populate: ['role'] });
  return user as { id: number; username: string; role: { type: string } };
};

const createArticle = (jwt: string) =>
  fetch(`${stack.url}/api/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    body: JSON.stringify({ data: { title: 'Written by a Cognito user' } }),
  });

/** Signs in through the hardened flow and returns `{ jwt, user }` from the callback. */
async function hardenedLogin(user: { username: string; password: string }, visitor = new Visitor()): Promise<AuthBody> {
  const response = await visitor.signIn(`${stack.url}/api/cognito-connect/login`, user);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as AuthBody;
}

beforeAll(async () => {
  stack = await startStack({ plugin: { groupRoles: { admins: 'editor' } } });
  const users = stack.strapi.db.query('plugin::users-permissions.user');
  const role = await stack.strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  // Local accounts the Cognito users meet: a username clash for bob, an email match for alice (verified) and carol (unverified).
  await users.create({
    data: { username: 'bob', email: 'robert@example.net', provider: 'local', confirmed: true, role: role.id },
  });
  await users.create({
    data: { username: 'alice-local', email: 'alice@example.com', provider: 'local', confirmed: true, role: role.id },
  });
  await users.create({
    data: { username: 'carol-local', email: 'carol@example.com', provider: 'local', confirmed: true, role: role.id },
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('hardened flow: /api/cognito-connect/login → Cognito → /api/cognito-connect/callback', () => {
  it('sends the browser to Cognito with PKCE (S256), state and nonce, and a sealed HttpOnly transaction cookie', async () => {
    const response = await new Visitor().get(`${stack.url}/api/cognito-connect/login`);
    expect(response.status).toBe(302);
    const authorize = new URL(response.headers.get('location') as string);
    expect(authorize.origin).toBe(stack.emulator.url);
    expect(authorize.searchParams.get('client_id')).toBe(stack.client.clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${stack.url}/api/cognito-connect/callback`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toMatch(/.{16,}/);
    expect(authorize.searchParams.get('nonce')).toMatch(/.{16,}/);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('cognito_connect_tx='));
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
  });

  it('ends in a users-permissions JWT for a new user, found by sub on the next login', async () => {
    const first = await hardenedLogin(BOB);
    expect(first.user.email).toBe('bob@example.com');
    expect(first.user.provider).toBe('cognito');
    expect(first.user).not.toHaveProperty('cognitoSub');
    const profile = await me(first.jwt);
    expect(profile.id).toBe(first.user.id);
    const second = await hardenedLogin(BOB);
    expect(second.user.id).toBe(first.user.id);
  });

  it('keeps the sub in a unique column, so two racing first logins cannot create two users', async () => {
    const users = stack.strapi.db.query('plugin::users-permissions.user');
    const { cognitoSub } = await users.findOne({ where: { email: 'bob@example.com' } });
    expect(cognitoSub).toBe('0a1b2c3d-2222-4aaa-8bbb-000000000002');
    await expect(
      users.create({ data: { username: 'bob-twin', email: 'twin@example.com', provider: 'cognito', cognitoSub } }),
    ).rejects.toThrow(/unique/i);
  });

  it('resolves a username clash deterministically: the Cognito username, then the email', async () => {
    const { user } = await hardenedLogin(BOB);
    expect(user.username).toBe('bob@example.com');
  });
});

describe('users and roles', () => {
  it('links an existing account by email when Cognito verified it, and gives the groupRoles role (admins → editor)', async () => {
    const { jwt, user } = await hardenedLogin(ALICE);
    expect(user.username).toBe('alice-local');
    expect((await me(jwt)).role.type).toBe('editor');
    expect((await createArticle(jwt)).status).toBe(201);
  });

  it('refuses to link an existing account by an email Cognito has not verified', async () => {
    const response = await new Visitor().signIn(`${stack.url}/api/cognito-connect/login`, CAROL);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('EMAIL_NOT_VERIFIED');
    const linked = await stack.strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { email: 'carol@example.com' } });
    expect(linked.cognitoSub).toBeNull();
  });

  it('applies groupRoles on every login: leaving the group drops the role', async () => {
    stack.emulator.admin.removeUserFromGroup('alice', 'admins');
    try {
      const { jwt } = await hardenedLogin(ALICE);
      expect((await me(jwt)).role.type).toBe('authenticated');
      expect((await createArticle(jwt)).status).toBe(403);
    } finally {
      stack.emulator.admin.addUserToGroup('alice', 'admins');
    }
    const { jwt } = await hardenedLogin(ALICE);
    expect((await me(jwt)).role.type).toBe('editor');
  });

  it('goes straight to a federated IdP with identity_provider, and creates the federated user', async () => {
    const visitor = new Visitor();
    const started = await visitor.get(`${stack.url}/api/cognito-connect/login?identity_provider=ExampleIdP`);
    const authorize = new URL(started.headers.get('location') as string);
    expect(authorize.searchParams.get('identity_provider')).toBe('ExampleIdP');
    const callback = await followRedirects(authorize.href, visitor.jar, (url) => url.startsWith(stack.url));
    const response = await visitor.get(callback);
    expect(response.status, await response.clone().text()).toBe(200);
    const { user } = (await response.json()) as AuthBody;
    expect(user).toMatchObject({
      username: 'ExampleIdP_idp-user-0001',
      email: 'dana@example.org',
      provider: 'cognito',
    });
  });
});

describe('one-time codes, returnTo and replays', () => {
  it('redirects to an allowed front end with a one-time code, exchanged once for { jwt, user }', async () => {
    const visitor = new Visitor();
    const response = await visitor.signIn(
      `${stack.url}/api/cognito-connect/login?returnTo=${encodeURIComponent(`${FRONTEND}/after-login?tab=2`)}`,
      BOB,
    );
    expect(response.status).toBe(302);
    const landing = new URL(response.headers.get('location') as string);
    expect(landing.origin + landing.pathname).toBe(`${FRONTEND}/after-login`);
    expect(landing.searchParams.get('tab')).toBe('2');
    // Never a token in the URL: only the opaque one-time code, in the fragment (never sent to a server or logged).
    expect([...landing.searchParams.keys()]).toEqual(['tab']);
    const code = new URLSearchParams(landing.hash.slice(1)).get('login_code') as string;
    const exchanged = await visitor.post(`${stack.url}/api/cognito-connect/exchange`, { code });
    expect(exchanged.status).toBe(200);
    const { jwt, user } = (await exchanged.json()) as AuthBody;
    expect((await me(jwt)).id).toBe(user.id);
    const again = await visitor.post(`${stack.url}/api/cognito-connect/exchange`, { code });
    expect(again.status).toBe(400);
    expect(await errorCode(again)).toBe('CODE_INVALID');
  });

  it('refuses a returnTo outside Strapi and the allowed origins before going to Cognito', async () => {
    for (const target of [
      'https://evil.example/steal',
      '//evil.example/x',
      '/\\evil.example',
      `${FRONTEND}.evil.example/`,
    ]) {
      const response = await new Visitor().get(
        `${stack.url}/api/cognito-connect/login?returnTo=${encodeURIComponent(target)}`,
      );
      expect(response.status, target).toBe(400);
      expect(await errorCode(response)).toBe('REDIRECT_NOT_ALLOWED');
    }
  });

  it('refuses a replayed callback, even with the transaction cookie put back', async () => {
    const visitor = new Visitor();
    const { callback, transactionCookie } = await visitor.signInUntilCallback(
      `${stack.url}/api/cognito-connect/login`,
      BOB,
    );
    expect((await visitor.get(callback)).status).toBe(200);
    const replayed = await fetch(callback, { headers: { cookie: `cognito_connect_tx=${transactionCookie}` } });
    expect(replayed.status).toBe(400);
    expect(await errorCode(replayed)).toBe('FLOW_TRANSACTION_REPLAYED');
    const noCookie = await fetch(callback);
    expect(await errorCode(noCookie)).toBe('FLOW_TRANSACTION_INVALID');
  });

  it('refuses a callback whose state belongs to another browser (login CSRF)', async () => {
    const attacker = new Visitor();
    const { callback } = await attacker.signInUntilCallback(`${stack.url}/api/cognito-connect/login`, BOB);
    const victim = new Visitor();
    await victim.get(`${stack.url}/api/cognito-connect/login`);
    const response = await victim.get(callback);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('FLOW_STATE_MISMATCH');
  });
});

describe('built-in routes: /api/connect/cognito → Cognito → /api/connect/cognito/callback → /api/auth/cognito/callback', () => {
  it('keeps working for front ends that forward the query string, with PKCE and a nonce now', async () => {
    const visitor = new Visitor();
    const started = await visitor.get(`${stack.url}/api/connect/cognito`);
    const authorize = new URL(started.headers.get('location') as string);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${stack.url}/api/connect/cognito/callback`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const { callback } = await visitor.signInUntilCallback(`${stack.url}/api/connect/cognito`, BOB);
    const redirected = await visitor.get(callback);
    expect(redirected.status).toBe(302);
    const frontEnd = new URL(redirected.headers.get('location') as string);
    // The Providers page's default front-end callback is Strapi's own /api/auth/cognito/callback.
    expect(frontEnd.origin + frontEnd.pathname).toBe(`${stack.url}/api/auth/cognito/callback`);
    const response = await visitor.get(`${stack.url}/api/auth/cognito/callback${frontEnd.search}`);
    expect(response.status).toBe(200);
    const { jwt, user } = (await response.json()) as AuthBody;
    expect(user.email).toBe('bob@example.com');
    expect((await me(jwt)).id).toBe(user.id);
  });

  it("honours ?callback= only on the configured front-end callback (users-permissions' rule)", async () => {
    const ok = await new Visitor().get(
      `${stack.url}/api/connect/cognito?callback=${encodeURIComponent(`${stack.url}/api/auth/cognito/callback?from=app`)}`,
    );
    expect(ok.status).toBe(302);
    const refused = await new Visitor().get(
      `${stack.url}/api/connect/cognito?callback=${encodeURIComponent('https://evil.example/api/auth/cognito/callback')}`,
    );
    expect(refused.status).toBe(400);
    expect(await errorCode(refused)).toBe('REDIRECT_NOT_ALLOWED');
  });

  it('reports a refused login to the front-end callback as error parameters, as users-permissions does', async () => {
    const response = await new Visitor().signIn(`${stack.url}/api/connect/cognito`, CAROL);
    const frontEnd = new URL(response.headers.get('location') as string);
    expect(frontEnd.searchParams.get('error')).toBe('oauth_error');
    expect(frontEnd.searchParams.get('error_code')).toBe('EMAIL_NOT_VERIFIED');
    expect(frontEnd.searchParams.has('login_code')).toBe(false);
  });

  it('stays behind the Providers page switch', async () => {
    const store = stack.strapi.store({ type: 'plugin', name: 'users-permissions' });
    const grant = await store.get({ key: 'grant' });
    await store.set({ key: 'grant', value: { ...grant, cognito: { ...grant.cognito, enabled: false } } });
    try {
      const response = await new Visitor().get(`${stack.url}/api/connect/cognito`);
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe('PROVIDER_DISABLED');
    } finally {
      await store.set({ key: 'grant', value: grant });
    }
  });
});

describe('logout', () => {
  it("clears the session and goes through Cognito's /logout back to an allowed, registered URL", async () => {
    const visitor = new Visitor();
    await hardenedLogin(ALICE, visitor);
    const response = await visitor.post(
      `${stack.url}/api/cognito-connect/logout`,
      { returnTo: `${FRONTEND}/signed-out` },
      { origin: stack.url },
    );
    expect(response.status).toBe(303);
    const logout = new URL(response.headers.get('location') as string);
    expect(logout.origin + logout.pathname).toBe(`${stack.emulator.url}/logout`);
    expect(logout.searchParams.get('client_id')).toBe(stack.client.clientId);
    const back = await visitor.get(logout.href);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(`${FRONTEND}/signed-out`);
    // The Cognito session is gone: the next login shows the form again instead of signing in silently.
    const again = await visitor.get(`${stack.url}/api/cognito-connect/login`);
    const form = await visitor.get(again.headers.get('location') as string);
    const page =
      form.status === 200
        ? await form.text()
        : await (await visitor.get(new URL(form.headers.get('location') as string, stack.emulator.url).href)).text();
    expect(page).toContain('name="password"');
  });

  it('refuses a logout returnTo outside the allowed origins', async () => {
    const response = await new Visitor().get(
      `${stack.url}/api/cognito-connect/logout?returnTo=${encodeURIComponent('https://evil.example/')}`,
    );
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('REDIRECT_NOT_ALLOWED');
  });
});
