// The admin API, programmatic and over /__emulator: tests reshape the pool while it runs and see it in the tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminError, SeedError, type Emulator } from '../../src/index.js';
import {
  CALLBACK,
  CONFIDENTIAL,
  PUBLIC_ID,
  basic,
  claimsOf,
  exchange,
  postForm,
  signIn,
  startSeeded,
} from '../support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startSeeded();
});
afterAll(() => emulator.stop());

const send = (method: string, path: string, body?: unknown) =>
  fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('the Emulator object', () => {
  it('exposes its URLs, ids and per-client settings', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator).toMatchObject({
      userPoolId: 'us-east-1_EmuLat0r1',
      region: 'us-east-1',
      issuer: `${emulator.url}/us-east-1_EmuLat0r1`,
      discoveryUrl: `${emulator.url}/us-east-1_EmuLat0r1/.well-known/openid-configuration`,
      jwksUrl: `${emulator.url}/us-east-1_EmuLat0r1/.well-known/jwks.json`,
    });
    expect(emulator.settingsFor(CONFIDENTIAL.id)).toEqual({
      region: 'us-east-1',
      userPoolId: 'us-east-1_EmuLat0r1',
      clientId: CONFIDENTIAL.id,
      clientSecret: CONFIDENTIAL.secret,
      domain: emulator.url,
      issuer: emulator.issuer,
    });
    expect(emulator.settingsFor(PUBLIC_ID)).not.toHaveProperty('clientSecret');
    expect(() => emulator.settingsFor('nope')).toThrow(/nope/);
  });

  it('serves a discovery document shaped like Cognito’s', async () => {
    const doc = (await (await fetch(emulator.discoveryUrl)).json()) as Record<string, unknown>;
    expect(doc).toEqual({
      authorization_endpoint: `${emulator.url}/oauth2/authorize`,
      end_session_endpoint: `${emulator.url}/logout`,
      id_token_signing_alg_values_supported: ['RS256'],
      issuer: emulator.issuer,
      jwks_uri: emulator.jwksUrl,
      response_types_supported: ['code', 'token'],
      revocation_endpoint: `${emulator.url}/oauth2/revoke`,
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint: `${emulator.url}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: `${emulator.url}/oauth2/userInfo`,
    });
    expect((await fetch(`${emulator.url}/us-east-1_Other/.well-known/openid-configuration`)).status).toBe(404);
  });
});

describe('admin methods', () => {
  it('adds a user that can sign in, and refuses duplicates and unknown groups', async () => {
    const view = emulator.admin.addUser({
      username: 'erin',
      password: 'Erin-password-1',
      attributes: { email: 'erin@example.com', email_verified: true },
      groups: ['editors'],
    });
    expect(view).toMatchObject({ username: 'erin', groups: ['editors'], enabled: true });
    expect(view).not.toHaveProperty('password');
    const tokens = await exchange(
      emulator,
      await signIn(emulator, { user: { username: 'erin', password: 'Erin-password-1' } }),
    );
    expect(claimsOf(tokens.id_token as string)).toMatchObject({ sub: view.sub, 'cognito:groups': ['editors'] });
    expect(() => emulator.admin.addUser({ username: 'Erin', password: 'x' })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => emulator.admin.addUser({ username: 'frank', password: 'x', groups: ['nope'] })).toThrow(AdminError);
  });

  it('validates input with errors that name the path', () => {
    const error = (() => {
      try {
        emulator.admin.addUser({ username: 'gina', password: 'x', attributes: { shoe_size: '42' } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).issues).toEqual([
      { path: 'user.attributes.shoe_size', message: expect.stringContaining('custom:') },
    ]);
  });

  it('updates attributes (null removes), groups in precedence order, and email_verified', async () => {
    emulator.admin.addUser({
      username: 'hank',
      password: 'Hank-password-1',
      attributes: { email: 'hank@example.com', given_name: 'Hank' },
    });
    emulator.admin.updateUser('hank', { attributes: { given_name: null, 'custom:plan': 'gold' }, groups: ['editors'] });
    emulator.admin.addUserToGroup('hank', 'admins');
    emulator.admin.setEmailVerified('hank', true);
    const id = claimsOf(
      (await exchange(emulator, await signIn(emulator, { user: { username: 'hank', password: 'Hank-password-1' } })))
        .id_token as string,
    );
    expect(id).toMatchObject({ 'custom:plan': 'gold', email_verified: true, 'cognito:groups': ['admins', 'editors'] });
    expect(id).not.toHaveProperty('given_name');
    expect(emulator.admin.removeUserFromGroup('hank', 'admins').groups).toEqual(['editors']);
  });

  it('deletes a user and ends its refresh tokens', async () => {
    emulator.admin.addUser({ username: 'ivy', password: 'Ivy-password-1' });
    const tokens = await exchange(
      emulator,
      await signIn(emulator, { user: { username: 'ivy', password: 'Ivy-password-1' } }),
    );
    emulator.admin.deleteUser('ivy');
    expect(emulator.admin.getUser('ivy')).toBeUndefined();
    const refreshed = await postForm(
      `${emulator.url}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
      { authorization: basic(CONFIDENTIAL.id, CONFIDENTIAL.secret) },
    );
    expect(refreshed.status).toBe(400);
  });

  it('adds clients with Cognito-like generated ids and secrets', () => {
    const client = emulator.admin.addClient({ name: 'generated', generateSecret: true, callbackUrls: [CALLBACK] });
    expect(client.clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(client.clientSecret).toMatch(/^[a-z0-9]{52}$/);
    expect(client).toMatchObject({
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid', 'email', 'profile'],
      supportedIdentityProviders: ['COGNITO'],
      enableTokenRevocation: true,
    });
    expect(() =>
      emulator.admin.addClient({ name: 'bad idp', callbackUrls: [CALLBACK], supportedIdentityProviders: ['Nope'] }),
    ).toThrow(/Nope/);
    expect(() =>
      emulator.admin.addClient({ clientId: CONFIDENTIAL.id, name: 'dup', callbackUrls: [CALLBACK] }),
    ).toThrow(/already exists/);
  });
});

describe('/__emulator over HTTP', () => {
  it('adds, reads, patches and deletes users', async () => {
    const created = await send('POST', '/users', {
      username: 'jack',
      password: 'Jack-password-1',
      attributes: { email: 'jack@example.com' },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ username: 'jack', enabled: true });
    expect((await send('POST', '/users', { username: 'jack', password: 'x' })).status).toBe(409);
    const invalid = await send('POST', '/users', { username: 'kim' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe('user.password');
    const patched = await send('PATCH', '/users/jack', { enabled: false, attributes: { email_verified: true } });
    expect(await patched.json()).toMatchObject({ enabled: false, attributes: { email_verified: 'true' } });
    expect(((await (await send('GET', '/users/jack')).json()) as { enabled: boolean }).enabled).toBe(false);
    expect((await send('DELETE', '/users/jack')).status).toBe(204);
    expect((await send('GET', '/users/jack')).status).toBe(404);
    expect((await send('POST', '/users', 'not json{')).status).toBe(400);
  });

  it('adds groups, memberships, clients and identity providers, and moves the clock', async () => {
    expect((await send('POST', '/groups', { name: 'viewers', precedence: 9 })).status).toBe(204);
    expect(await (await send('POST', '/groups/viewers/users', { username: 'bob' })).json()).toMatchObject({
      username: 'bob',
      groups: ['viewers'],
    });
    const client = await send('POST', '/clients', { name: 'over http', callbackUrls: [CALLBACK] });
    expect(client.status).toBe(201);
    expect(((await client.json()) as { clientId: string }).clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(
      (
        await send('POST', '/identity-providers', {
          name: 'HttpIdP',
          type: 'OIDC',
          standIn: { users: [{ sub: 'u1' }] },
        })
      ).status,
    ).toBe(204);
    expect(emulator.identityProviderNames).toContain('HttpIdP');
    const signed = await signIn(emulator);
    expect((await send('POST', '/clock', { advanceSeconds: 301 })).status).toBe(204);
    try {
      await expect(exchange(emulator, signed)).rejects.toThrow(/invalid_grant/);
    } finally {
      await send('POST', '/clock', { advanceSeconds: -301 });
    }
    expect((await send('POST', '/clock', { advanceSeconds: 'soon' })).status).toBe(400);
  });

  it('answers unknown paths with 404 JSON', async () => {
    const response = await send('GET', '/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});
