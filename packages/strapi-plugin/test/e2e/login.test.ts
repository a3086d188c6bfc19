// Both login flows over HTTP against a real Strapi 5 and the emulator's hosted UI: users, roles, codes, replays, logout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Visitor, errorCode } from '../support/browser.js';
import { ALICE, BOB, CAROL, FRONTEND, type Stack, startStack } from '../support/stack.js';

interface AuthBody {
  jwt: string;
  user: { id: number; username: string; email: string; provider: string; cognitoSub?: string };
}

let stack: Stack;

const me = async (jwt: string) => {
  const response = await fetch(`${stack.url}/api/users/me?populate=role`, { headers: { authorization: `Bearer ${jwt}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: number; username: string; role: { type: string } };
};

const createArticle = (jwt: string) =>
  fetch(`${stack.url}/api/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    body: JSON.stringify({ data: { title: 'Written by a Cognito user' } }),
  });

/** Signs in through the hardened flow and returns `{ jwt, user }` from the callback. */
async function hardenedLogin(user: { username: string; password: string }, visitor = new Visitor()): Promise<AuthBody> {
  const { callback } = await visitor.signInUntilCallback(`${stack.url}/api/cognito-connect/login`, user);
  const response = await visitor.get(callback);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as AuthBody;
}

beforeAll(async () => {
  stack = await startStack({ plugin: { groupRoles: { admins: 'editor' } } });
  const users = stack.strapi.db.query('plugin::users-permissions.user');
  const role = await stack.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  // Local accounts the Cognito users meet: a username clash for bob, an email match for alice (verified) and carol (unverified).
  await users.create({ data: { username: 'bob', email: 'robert@example.net', provider: 'local', confirmed: true, role: role.id } });
  await users.create({ data: { username: 'alice-local', email: 'alice@example.com', provider: 'local', confirmed: true, role: role.id } });
  await users.create({ data: { username: 'carol-local', email: 'carol@example.com', provider: 'local', confirmed: true, role: role.id } });
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

  it('resolves a username clash deterministically: the Cognito username, then the email', async () => {
    const { user } = await hardenedLogin(BOB);
    expect(user.username).toBe('bob@example.com');
  });
});
