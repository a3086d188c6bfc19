// Attack: a local account registered with a victim's email must never be linked to the victim's Cognito user, on any path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Visitor, errorCode } from '../support/browser.js';
import { type Stack, startStack } from '../support/stack.js';
import { rawTokens } from '../support/tokens.js';

interface AuthBody {
  jwt: string;
  refreshToken?: string;
  user: { id: number; username: string; email: string };
}

let stack: Stack;
let victims = 0;
const USER_UID = 'plugin::users-permissions.user';

/** A fresh Cognito user with a verified email, in the `admins` group (mapped to the editor role). */
function victim(): { username: string; password: string; email: string } {
  victims += 1;
  const user = {
    username: `victim${victims}`,
    password: `Victim-password-${victims}`,
    email: `victim${victims}@example.com`,
  };
  stack.emulator.admin.addUser({
    username: user.username,
    password: user.password,
    attributes: { email: user.email, email_verified: true },
    groups: ['admins'],
  });
  return user;
}

/** The attacker's move: users-permissions' public registration with the victim's email (no confirmation by default). */
async function registerAttacker(email: string): Promise<AuthBody> {
  const response = await fetch(`${stack.url}/api/auth/local/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `mallory-${email.split('@')[0]}`, email, password: 'Attacker-password-1' }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as AuthBody;
}

const createArticle = (jwt: string) =>
  fetch(`${stack.url}/api/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    body: JSON.stringify({ data: { title: 'Written by whoever holds this token' } }),
  });

const localLogin = (identifier: string, password: string) =>
  fetch(`${stack.url}/api/auth/local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier, password }),
  });

const refresh = (refreshToken: string) =>
  fetch(`${stack.url}/api/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });

/** The attacker's account is still theirs alone: no Cognito sub, the default role, no write access. */
async function expectAttackerUnlinked(attacker: AuthBody): Promise<void> {
  const row = await stack.strapi.db.query(USER_UID).findOne({ where: { id: attacker.user.id }, populate: ['role'] });
  expect(row.cognitoSub).toBeNull();
  expect(row.role.type).toBe('authenticated');
  expect((await createArticle(attacker.jwt)).status).toBe(403);
}

/** An account without a password, as an administrator creates or imports one. */
async function passwordlessAccount(owner: { username: string; email: string }, confirmed: boolean) {
  const role = await stack.strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  return stack.strapi.db.query(USER_UID).create({
    data: { username: `imported-${owner.username}`, email: owner.email, provider: 'local', confirmed, role: role.id },
  });
}

beforeAll(async () => {
  // Refresh-token mode, so the test can see sessions being revoked.
  process.env.UP_JWT_MANAGEMENT = 'refresh';
  stack = await startStack({ plugin: { groupRoles: { admins: 'editor' } } });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  delete process.env.UP_JWT_MANAGEMENT;
});

describe('a local account registered with the victim’s email is never linked', () => {
  it('hardened flow: the victim is refused with LINK_REFUSED, the attacker gains nothing', async () => {
    const target = victim();
    const attacker = await registerAttacker(target.email);
    const response = await new Visitor().signIn(`${stack.url}/api/cognito-connect/login`, target);
    expect(response.status, await response.clone().text()).toBe(409);
    expect(await errorCode(response)).toBe('LINK_REFUSED');
    await expectAttackerUnlinked(attacker);
    expect((await localLogin(target.email, 'Attacker-password-1')).status).toBe(200);
  });

  it('built-in route: the refusal reaches the front end as error_code=LINK_REFUSED, with no login code', async () => {
    const target = victim();
    const attacker = await registerAttacker(target.email);
    const response = await new Visitor().signIn(`${stack.url}/api/connect/cognito`, target);
    expect(response.status).toBe(302);
    const frontEnd = new URL(response.headers.get('location') as string);
    expect(frontEnd.searchParams.get('error_code')).toBe('LINK_REFUSED');
    expect(frontEnd.href).not.toContain('login_code');
    await expectAttackerUnlinked(attacker);
  });

  it('Bearer createUsers: the victim’s access token is refused and does not link the account', async () => {
    const target = victim();
    const attacker = await registerAttacker(target.email);
    const { access_token } = await rawTokens(
      stack.emulator,
      stack.client.clientId,
      `${stack.url}/api/cognito-connect/callback`,
      target,
    );
    const response = await fetch(`${stack.url}/api/articles`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(response.status).toBe(401);
    await expectAttackerUnlinked(attacker);
  });

  it('refuses an account users-permissions has not confirmed, even without a password', async () => {
    const target = victim();
    const pending = await passwordlessAccount(target, false);
    const response = await new Visitor().signIn(`${stack.url}/api/cognito-connect/login`, target);
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe('LINK_REFUSED');
    expect((await stack.strapi.db.query(USER_UID).findOne({ where: { id: pending.id } })).cognitoSub).toBeNull();
  });
});

describe('a Cognito user who put the victim’s email in their profile without verifying it', () => {
  it('gets no Strapi account with that email, so the victim’s own first sign-in is not locked out', async () => {
    const target = victim();
    // The impostor changed their email to the victim's (UpdateUserAttributes): Cognito keeps it, unverified, in the tokens.
    const impostor = { username: `impostor-${target.username}`, password: 'Impostor-password-1' };
    stack.emulator.admin.addUser({
      ...impostor,
      attributes: { email: target.email, email_verified: false },
      groups: ['admins'],
    });
    const squat = await new Visitor().signIn(`${stack.url}/api/cognito-connect/login`, impostor);
    expect(squat.status, await squat.clone().text()).toBe(403);
    expect(await errorCode(squat)).toBe('EMAIL_NOT_VERIFIED');
    expect(await stack.strapi.db.query(USER_UID).findMany({ where: { email: target.email } })).toEqual([]);
    const own = await new Visitor().signIn(`${stack.url}/api/cognito-connect/login`, target);
    expect(own.status, await own.clone().text()).toBe(200);
    expect(((await own.json()) as AuthBody).user.email).toBe(target.email);
  });
});

describe('an account that may be linked (confirmed, no password)', () => {
  it('is linked, and every session it had before is revoked', async () => {
    const target = victim();
    const existing = await passwordlessAccount(target, true);
    const before = await stack.strapi
      .sessionManager('users-permissions')
      .generateRefreshToken(String(existing.id), undefined, { type: 'refresh' });
    const sessions = stack.strapi.sessionManager('users-permissions');
    expect((await sessions.validateRefreshToken(before.token)).isValid).toBe(true);
    const response = await new Visitor().signIn(`${stack.url}/api/cognito-connect/login`, target);
    expect(response.status, await response.clone().text()).toBe(200);
    const linked = (await response.json()) as AuthBody;
    expect(linked.user.id).toBe(existing.id);
    // The sessions of the account as it was before the link are gone; the one this login opened works.
    expect((await sessions.validateRefreshToken(before.token)).isValid).toBe(false);
    expect((await refresh(before.token)).status).toBe(401);
    expect((await refresh(linked.refreshToken as string)).status).toBe(200);
  });
});
