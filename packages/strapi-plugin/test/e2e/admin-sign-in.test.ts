// "Sign in with Cognito" on the Strapi admin over HTTP: Strapi 5's own admin session, group → role mapping at every sign-in,
// the group gate, safe linking of existing admin accounts, refusal pages, and Cognito's /logout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { Visitor } from '../support/browser.js';
import { ALICE, BOB, CAROL, type Stack, startStack } from '../support/stack.js';

const ERIN = { username: 'erin', password: 'Erin-password-1' } as const;
const GRACE = { username: 'grace', password: 'Grace-password-1' } as const;
const HENRY = { username: 'henry', password: 'Henry-password-1' } as const;
const IVAN = { username: 'ivan', password: 'Ivan-password-1' } as const;

let stack: Stack;
const login = () => `${stack.url}/api/cognito-connect/admin/login`;

interface AdminMe {
  id: number;
  email: string;
  firstname: string;
  roles: { code: string; name: string }[];
}

/** Signs in through the admin button's route; returns the visitor (its jar holds the admin cookies) and Strapi's answer. */
async function adminSignIn(user: { username: string; password: string }, visitor = new Visitor()) {
  const response = await visitor.signIn(login(), user);
  return { visitor, response, page: response.status === 302 ? '' : await response.text() };
}

/** The admin user behind the access token the sign-in left in the `jwtToken` cookie, as the admin API shows it. */
async function adminMe(visitor: Visitor): Promise<AdminMe> {
  const token = visitor.jar.get(stack.url, 'jwtToken');
  expect(token).toBeTruthy();
  const response = await fetch(`${stack.url}/admin/users/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: AdminMe }).data;
}

const adminUser = (email: string) =>
  stack.strapi.db.query('admin::user').findOne({ where: { email }, populate: ['roles'] }) as Promise<{
    id: number;
    password: string | null;
    registrationToken: string | null;
    isActive: boolean;
    roles: { code: string }[];
  } | null>;

const identities = () => stack.strapi.db.query('plugin::cognito-connect.admin-identity');

beforeAll(async () => {
  stack = await startStack({
    plugin: {
      admin: {
        enabled: true,
        groupRoles: { admins: 'Super Admin', editors: 'Editor', authors: ['strapi-author'] },
        requiredGroups: ['staff', 'admins'],
      },
    },
  });
  const { admin } = stack.emulator;
  admin.addGroup({ name: 'staff', precedence: 10 });
  admin.addGroup({ name: 'authors', precedence: 8 });
  const add = (user: { username: string; password: string }, email: string, groups: string[], verified = true) =>
    admin.addUser({
      ...user,
      attributes: { email, email_verified: verified, given_name: user.username, family_name: 'Cognito' },
      groups,
    });
  add(ERIN, 'erin@example.com', ['staff', 'editors']);
  add(GRACE, 'grace@example.com', ['staff', 'editors']);
  add(HENRY, 'henry@example.com', ['staff', 'editors']);
  add(IVAN, 'ivan@example.com', ['editors']);
  admin.addUserToGroup(CAROL.username, 'staff');
  admin.addUserToGroup(CAROL.username, 'editors');
  admin.addUserToGroup(BOB.username, 'staff');

  const users = stack.strapi.service('admin::user');
  const author = await stack.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-author' } });
  // grace already signs in to the admin with a password; henry was invited and never accepted (no password yet).
  await users.create({
    email: 'grace@example.com',
    firstname: 'Grace',
    password: 'Grace-Strapi-password-1',
    registrationToken: null,
    isActive: true,
    roles: [author.id],
  });
  await users.create({ email: 'henry@example.com', firstname: 'Henry', roles: [author.id] });
});

afterAll(async () => {
  await stack?.stop();
});

describe('admin sign-in with Cognito', () => {
  it('tells the admin panel where the button leads and how to end the Cognito session', async () => {
    const response = await fetch(`${stack.url}/cognito-connect/admin/config`);
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: Record<string, unknown> };
    const logout = new URL(String(data.logoutUrl));
    expect(data).toMatchObject({
      enabled: true,
      label: 'Sign in with Cognito',
      loginUrl: login(),
      markerPath: '/admin',
    });
    expect(logout.origin).toBe(stack.emulator.url);
    expect(logout.pathname).toBe('/logout');
    expect(logout.searchParams.get('client_id')).toBe(stack.client.clientId);
    expect(logout.searchParams.get('logout_uri')).toBe(`${stack.url}/admin/auth/login`);
  });

  it("gives a member of a mapped group Strapi's own admin session with the mapped role", async () => {
    const { visitor, response, page } = await adminSignIn(ALICE);
    expect(response.status, page).toBe(302);
    expect(response.headers.get('location')).toBe(`${stack.url}/admin`);
    const cookies = response.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('strapi_admin_refresh='))).toMatch(/path=\/admin;.*httponly/i);
    expect(cookies.find((c) => c.startsWith('jwtToken='))).toMatch(/path=\/admin/i);
    expect(cookies.find((c) => c.startsWith('jwtToken='))).not.toMatch(/httponly/i);
    const me = await adminMe(visitor);
    expect(me.email).toBe('alice@example.com');
    expect(me.firstname).toBe('Alice');
    expect(me.roles.map((r) => r.code)).toEqual(['strapi-super-admin']);
    // The refresh cookie is the admin's own: /admin/access-token rotates it into a new access token.
    const renewed = await visitor.post(`${stack.url}/admin/access-token`, {});
    expect(renewed.status).toBe(200);
    expect(((await renewed.json()) as { data: { token: string } }).data.token).toEqual(expect.any(String));
  });

  it('lets an Editor reach the content manager, and re-applies the roles of the current groups at every sign-in', async () => {
    const first = await adminSignIn(ERIN);
    expect(first.response.status, first.page).toBe(302);
    const me = await adminMe(first.visitor);
    expect(me.roles.map((r) => r.code)).toEqual(['strapi-editor']);
    const token = first.visitor.jar.get(stack.url, 'jwtToken');
    const articles = await fetch(`${stack.url}/content-manager/collection-types/api::article.article`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(articles.status).toBe(200);

    stack.emulator.admin.removeUserFromGroup(ERIN.username, 'editors');
    stack.emulator.admin.addUserToGroup(ERIN.username, 'authors');
    stack.emulator.admin.addUserToGroup(ERIN.username, 'admins');
    const second = await adminSignIn(ERIN);
    expect(second.response.status, second.page).toBe(302);
    const again = await adminMe(second.visitor);
    expect(again.id).toBe(me.id);
    expect(again.roles.map((r) => r.code).sort()).toEqual(['strapi-author', 'strapi-super-admin']);
  });

  it('refuses, with a readable page, a user in no mapped group, and ends that admin’s live sessions', async () => {
    const { visitor } = await adminSignIn(ERIN);
    const admin = await adminUser('erin@example.com');
    stack.emulator.admin.removeUserFromGroup(ERIN.username, 'authors');
    stack.emulator.admin.removeUserFromGroup(ERIN.username, 'admins');
    const refused = await adminSignIn(ERIN);
    expect(refused.response.status).toBe(403);
    expect(refused.response.headers.get('content-type')).toMatch(/text\/html/);
    expect(refused.page).toContain('Your account has no access to this admin panel');
    expect(refused.page).toContain('TOKEN_GROUP_REQUIRED');
    expect(refused.page).toContain(`${stack.emulator.url}/logout?`);
    expect(refused.response.headers.getSetCookie().some((c) => c.startsWith('strapi_admin_refresh=ey'))).toBe(false);
    // The session opened a moment ago is over: its refresh cookie no longer renews.
    expect((await visitor.post(`${stack.url}/admin/access-token`, {})).status).toBe(401);
    expect((await adminUser('erin@example.com'))?.id).toBe(admin?.id);
  });

  it('refuses a user outside requiredGroups even when a group of theirs is mapped', async () => {
    const { response, page } = await adminSignIn(IVAN);
    expect(response.status).toBe(403);
    // Core's one group rule and its one message (Ivan's "authors" group is mapped: requiredGroups refused him).
    expect(page).toContain('TOKEN_GROUP_REQUIRED');
    expect(page).toContain('this account is not in a group allowed here');
    expect(await adminUser('ivan@example.com')).toBeNull();
  });

  it('refuses a user whose groups map to nothing, and creates no admin for them', async () => {
    const { response, page } = await adminSignIn(BOB);
    expect(response.status).toBe(403);
    expect(page).toContain('TOKEN_GROUP_REQUIRED');
    expect(await adminUser('bob@example.com')).toBeNull();
  });

  it('never links an admin account that signs in with a password', async () => {
    const before = await adminUser('grace@example.com');
    const { response, page } = await adminSignIn(GRACE);
    expect(response.status).toBe(409);
    expect(page).toContain('LINK_REFUSED');
    expect(page).toContain('it has a password of its own');
    expect(await identities().findOne({ where: { adminUserId: before?.id } })).toBeNull();
    const after = await adminUser('grace@example.com');
    expect(after?.roles.map((r) => r.code)).toEqual(['strapi-author']);
    expect(after?.password).toBe(before?.password);
  });

  it('links an invited account (no password) only once a Super Admin made it active, and spends the invitation', async () => {
    const invited = await adminUser('henry@example.com');
    expect(invited?.registrationToken).toEqual(expect.any(String));
    expect(invited?.isActive).toBe(false);
    const early = await adminSignIn(HENRY);
    expect(early.response.status).toBe(409);
    expect(early.page).toContain('it is not confirmed');

    await stack.strapi.service('admin::user').updateById(invited?.id, { isActive: true });
    const { visitor, response, page } = await adminSignIn(HENRY);
    expect(response.status, page).toBe(302);
    const me = await adminMe(visitor);
    expect(me.id).toBe(invited?.id);
    expect(me.roles.map((r) => r.code)).toEqual(['strapi-editor']);
    expect((await adminUser('henry@example.com'))?.registrationToken).toBeNull();
  });

  it('refuses an email Cognito has not verified', async () => {
    const { response, page } = await adminSignIn(CAROL);
    expect(response.status).toBe(403);
    expect(page).toContain('EMAIL_NOT_VERIFIED');
    expect(await adminUser('carol@example.com')).toBeNull();
  });

  it('answers a callback this browser did not start with a page, not JSON', async () => {
    const visitor = new Visitor();
    const { callback } = await visitor.signInUntilCallback(login(), ALICE);
    const stranger = await new Visitor().get(callback);
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toContain('FLOW_TRANSACTION_INVALID');
  });

  it("ends Cognito's session through its /logout and comes back to the admin login page", async () => {
    const { visitor, response } = await adminSignIn(ALICE);
    expect(response.status).toBe(302);
    const config = (await (await fetch(`${stack.url}/cognito-connect/admin/config`)).json()) as {
      data: { logoutUrl: string };
    };
    const out = await visitor.get(config.data.logoutUrl);
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(`${stack.url}/admin/auth/login`);
    // Signing in again shows Cognito's form: its session is gone.
    const started = await visitor.get(login());
    const { location, page } = await signInWithHostedUi(
      started.headers.get('location') as string,
      {
        username: ALICE.username,
        password: 'not-her-password',
      },
      visitor.jar,
    );
    expect(new URL(location).origin).toBe(stack.emulator.url);
    expect(page).toContain('name="password"');
  });
});
