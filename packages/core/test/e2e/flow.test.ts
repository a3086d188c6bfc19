// The whole login round trip against the emulator over real HTTP: hosted-UI form, code exchange, refresh, revoke, logout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, type StandInIdp, startEmulator, startStandInIdp } from '@cognito-connect/emulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiAccessToken, cognitoApi } from '../../../../test-fixtures/support/cognito-api.js';
import { CookieJar, followRedirects, signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import {
  type ClientAuthMethod,
  type CognitoClient,
  CognitoHttpError,
  createCognito,
  defineCognito,
  seal,
  unseal,
} from '../../src/index.js';

const SEED = new URL('../../../../test-fixtures/emulator/seed.json', import.meta.url).pathname;
const CALLBACK = 'http://127.0.0.1:4999/auth/callback';
const SIGNED_OUT = 'http://127.0.0.1:4999/';
const transactionSecret = 'core-e2e-transaction-secret-0123456789abcdef';
const alice = { username: 'alice', password: 'Alice-password-1' };

const IDP = 'PasswordlessIdP';
const isTokenEndpoint = (url: Parameters<typeof fetch>[0]) =>
  new URL(url instanceof Request ? url.url : url).pathname === '/oauth2/token';
let emulator: Emulator;
let idp: StandInIdp;
let confidentialId: string;
let publicId: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, port: 0 });
  // An external OIDC IdP federated into the pool, signing in "dana" without a password.
  idp = await startStandInIdp({ users: [{ sub: 'dana-0001', email: 'dana@example.com', email_verified: true }] });
  await emulator.admin.addIdentityProvider({
    name: IDP,
    type: 'OIDC',
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    attributeMapping: { email: 'email' },
  });
  // Clients of our own, so this suite does not depend on the seed's callback URLs.
  const confidential = emulator.admin.addClient({
    name: 'core-e2e-confidential',
    generateSecret: true,
    callbackUrls: [CALLBACK],
    logoutUrls: [SIGNED_OUT],
    allowedOAuthFlows: ['code'],
    allowedOAuthScopes: ['openid', 'email', 'profile'],
    supportedIdentityProviders: ['COGNITO', IDP],
  });
  const pub = emulator.admin.addClient({
    name: 'core-e2e-public',
    callbackUrls: [CALLBACK],
    logoutUrls: [SIGNED_OUT],
    allowedOAuthFlows: ['code'],
    allowedOAuthScopes: ['openid', 'email'],
    supportedIdentityProviders: ['COGNITO'],
  });
  confidentialId = confidential.clientId;
  publicId = pub.clientId;
});

afterAll(async () => {
  await Promise.all([emulator?.stop(), idp?.stop()]);
});

function client(clientId: string, extra: Partial<Parameters<typeof defineCognito>[0]> = {}): CognitoClient {
  return createCognito(
    defineCognito({
      ...emulator.settingsFor(clientId),
      redirectUri: CALLBACK,
      logoutUri: SIGNED_OUT,
      transactionSecret,
      ...extra,
    }),
  );
}

async function login(cognito: CognitoClient, user = alice, options: Parameters<CognitoClient['startLogin']>[0] = {}) {
  const started = await cognito.startLogin({ returnTo: '/dashboard', ...options });
  const result = await signInWithHostedUi(started.url, user);
  return { ...started, callback: result.location, jar: undefined as CookieJar | undefined };
}

describe.each(['client_secret_basic', 'client_secret_post'] as ClientAuthMethod[])(
  'confidential client (%s)',
  (method) => {
    it('logs in through the hosted UI and returns verified tokens and a profile', async () => {
      const cognito = client(confidentialId, { clientAuthMethod: method });
      const { url, transaction, callback } = await login(cognito);
      const authorize = new URL(url);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('nonce')).toBeTruthy();
      expect(authorize.searchParams.get('state')).toBeTruthy();
      expect(authorize.searchParams.get('state')).not.toContain('dashboard');
      expect(new URL(callback).searchParams.get('code')).toBeTruthy();

      const result = await cognito.finishLogin(callback, transaction);
      expect(result.returnTo).toBe('/dashboard');
      expect(result.profile).toMatchObject({ username: 'alice', emailVerified: true, isFederated: false });
      expect(result.profile.groups).toContain('admins');
      expect(result.idClaims.aud).toBe(confidentialId);
      expect(result.accessClaims.client_id).toBe(confidentialId);
      expect(result.tokens.refreshToken).toBeTruthy();
      await expect(cognito.verifyAccessToken(result.tokens.accessToken)).resolves.toMatchObject({ username: 'alice' });
      await expect(cognito.verifyIdToken(result.tokens.accessToken)).rejects.toMatchObject({
        code: 'TOKEN_USE_MISMATCH',
      });
    });
  },
);

describe('public client', () => {
  it('logs in with PKCE and no secret', async () => {
    const cognito = client(publicId, { scopes: 'openid email' });
    expect(cognito.settings.clientAuthMethod).toBe('none');
    const { transaction, callback } = await login(cognito);
    const result = await cognito.finishLogin(callback, transaction);
    expect(result.profile.username).toBe('alice');
    expect(result.accessClaims.client_id).toBe(publicId);
  });

  it('is refused by the token endpoint when the PKCE verifier is wrong', async () => {
    const cognito = client(publicId, { scopes: 'openid email' });
    const { transaction, callback } = await login(cognito);
    const opened = await unseal<Record<string, unknown>>(transaction, transactionSecret, 'transaction');
    const { iat: _iat, exp: _exp, ...rest } = opened;
    const forged = await seal({ ...rest, id: 'other-id', verifier: 'x'.repeat(64) }, transactionSecret, {
      purpose: 'transaction',
      ttlSeconds: 60,
    });
    await expect(cognito.finishLogin(callback, forged)).rejects.toMatchObject({
      code: 'FLOW_CODE_REJECTED',
      oauthError: 'invalid_grant',
    });
  });
});

describe('token lifecycle', () => {
  it("reads an API sign-in's attributes with GetUser, since userInfo refuses tokens without openid (Amplify's)", async () => {
    // The token an Amplify app holds: from the user-pool API, scope aws.cognito.signin.user.admin only.
    const AccessToken = await apiAccessToken(emulator.url, 'public_spa_client', alice);
    const userInfo = await fetch(`${emulator.url}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${AccessToken}` },
    });
    expect(userInfo.status).toBe(401);

    const cognito = createCognito(defineCognito({ ...emulator.settingsFor(confidentialId), transactionSecret }), {
      acceptedClientIds: ['public_spa_client'],
    });
    expect(cognito.endpoints.api).toBe(`${emulator.url}/`);
    expect(await cognito.userInfo(AccessToken)).toMatchObject({
      sub: '0a1b2c3d-1111-4aaa-8bbb-000000000001',
      username: 'alice',
      email: 'alice@example.com',
      email_verified: 'true',
    });
    // A signed-out token is refused there too.
    await cognitoApi(emulator.url, 'GlobalSignOut', { AccessToken });
    await expect(cognito.userInfo(AccessToken)).rejects.toMatchObject({ code: 'HTTP_STATUS', status: 400 });
  });

  it('refreshes keeping the refresh token, fetches userInfo, revokes, and logs out through /logout', async () => {
    const cognito = client(confidentialId);
    const { transaction, callback } = await login(cognito);
    const first = await cognito.finishLogin(callback, transaction);

    const refreshed = await cognito.refresh(first.tokens.refreshToken as string);
    expect(refreshed.tokens.refreshToken).toBe(first.tokens.refreshToken);
    expect(refreshed.tokens.accessToken).not.toBe(first.tokens.accessToken);
    expect(refreshed.profile.sub).toBe(first.profile.sub);

    const info = await cognito.userInfo(refreshed.tokens.accessToken);
    expect(info).toMatchObject({ sub: first.profile.sub, email: first.profile.email });

    await cognito.revoke(first.tokens.refreshToken as string);
    await expect(cognito.refresh(first.tokens.refreshToken as string)).rejects.toMatchObject({
      code: 'FLOW_CODE_REJECTED',
    });

    const logout = cognito.logoutUrl();
    expect(new URL(logout).searchParams.get('client_id')).toBe(confidentialId);
    const response = await fetch(logout, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(SIGNED_OUT);
  });
});

describe('federated identity provider', () => {
  it('skips the form with identity_provider and returns a federated profile', async () => {
    const cognito = client(confidentialId);
    const started = await cognito.startLogin({ identityProvider: IDP });
    expect(new URL(started.url).searchParams.get('identity_provider')).toBe(IDP);
    const jar = new CookieJar();
    const callback = await followRedirects(started.url, jar, (u) => u.startsWith(CALLBACK));
    const result = await cognito.finishLogin(callback, started.transaction);
    expect(result.profile.isFederated).toBe(true);
    expect(result.profile.provider?.name).toBe(IDP);
    expect(result.profile.username).toBe(`${IDP}_dana-0001`);
    expect(result.profile.email).toBe('dana@example.com');
    expect(result.idClaims.nonce).toBeTruthy();
  });
});

describe('attacks on the flow', () => {
  it('refuses a callback whose state is not the transaction’s', async () => {
    const cognito = client(confidentialId);
    const { transaction, callback } = await login(cognito);
    const crossed = new URL(callback);
    crossed.searchParams.set('state', 'attacker-state');
    await expect(cognito.finishLogin(crossed, transaction)).rejects.toMatchObject({ code: 'FLOW_STATE_MISMATCH' });
    // A callback from another browser's login, with this browser's transaction:
    const other = await login(cognito);
    await expect(cognito.finishLogin(other.callback, transaction)).rejects.toMatchObject({
      code: 'FLOW_STATE_MISMATCH',
    });
  });

  it('refuses a replayed callback, and Cognito refuses a replayed code', async () => {
    const cognito = client(confidentialId);
    const { transaction, callback } = await login(cognito);
    await cognito.finishLogin(callback, transaction);
    await expect(cognito.finishLogin(callback, transaction)).rejects.toMatchObject({
      code: 'FLOW_TRANSACTION_REPLAYED',
    });
    // Another instance (no shared replay guard): the code itself is single-use at the token endpoint.
    await expect(client(confidentialId).finishLogin(callback, transaction)).rejects.toMatchObject({
      code: 'FLOW_CODE_REJECTED',
      oauthError: 'invalid_grant',
    });
  });

  it('refuses a tampered or foreign transaction', async () => {
    const cognito = client(confidentialId);
    const { transaction, callback } = await login(cognito);
    const parts = transaction.split('.');
    parts[3] = `${parts[3]?.slice(0, -2)}AA`;
    await expect(cognito.finishLogin(callback, parts.join('.'))).rejects.toMatchObject({
      code: 'FLOW_TRANSACTION_INVALID',
    });
    const otherSecret = client(confidentialId, { transactionSecret: 'another-transaction-secret-0123456789abcdef' });
    await expect(otherSecret.finishLogin(callback, transaction)).rejects.toMatchObject({
      code: 'FLOW_TRANSACTION_INVALID',
    });
  });

  it('refuses an expired transaction', async () => {
    const cognito = client(confidentialId, { transactionTtlSeconds: 30 });
    const { transaction, callback } = await login(cognito);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 31_000);
      await expect(cognito.finishLogin(callback, transaction)).rejects.toMatchObject({
        code: 'FLOW_TRANSACTION_EXPIRED',
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses an ID token whose nonce is not this login’s', async () => {
    const cognito = client(confidentialId);
    const { transaction, callback } = await login(cognito);
    const {
      iat: _iat,
      exp: _exp,
      ...rest
    } = await unseal<Record<string, unknown>>(transaction, transactionSecret, 'transaction');
    const forged = await seal({ ...rest, nonce: 'not-the-nonce-sent' }, transactionSecret, {
      purpose: 'transaction',
      ttlSeconds: 60,
    });
    await expect(cognito.finishLogin(callback, forged)).rejects.toMatchObject({ code: 'TOKEN_NONCE_MISMATCH' });
  });

  it('reports Cognito’s refusals with codes, never the secret', async () => {
    const wrong = client(confidentialId, { clientSecret: 'a-wrong-secret-value-that-must-not-leak-123' });
    const { transaction, callback } = await login(wrong);
    const error = await wrong.finishLogin(callback, transaction).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', oauthError: 'invalid_client' });
    expect((error as Error).message).not.toContain('a-wrong-secret-value');
    expect((error as Error).message).not.toContain(new URL(callback).searchParams.get('code') as string);
  });
});

describe('reliability', () => {
  it('fails with JWKS_UNAVAILABLE when the pool keys cannot be fetched, and recovers', async () => {
    const cognito = client(confidentialId);
    const { transaction, callback } = await login(cognito);
    emulator.faults.set({ jwks: 'error' });
    try {
      await expect(cognito.finishLogin(callback, transaction)).rejects.toMatchObject({ code: 'JWKS_UNAVAILABLE' });
    } finally {
      emulator.faults.set({ jwks: null });
    }
  });

  it('reports a token endpoint outage (500) with its exact code', async () => {
    const cognito = client(confidentialId);
    const { transaction, callback } = await login(cognito);
    emulator.faults.set({ token: 'error' });
    try {
      const error = await cognito.finishLogin(callback, transaction).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CognitoHttpError);
      // openid-client reads OAuth error bodies of 4xx answers only; a 5xx is "not a conform response", so core
      // reports HTTP_INVALID_RESPONSE without a status (not HTTP_STATUS 500, as this test's old title claimed).
      expect(error).toMatchObject({ code: 'HTTP_INVALID_RESPONSE', status: undefined, detail: {} });
    } finally {
      emulator.faults.set({ token: null });
    }
  });

  it('reports a token endpoint that never answers as HTTP_TIMEOUT once the timeout fires (no waiting)', async () => {
    // The test plays the timer: the request reaches the hung emulator, then its signal fires as a timeout would.
    const timer = new AbortController();
    const timed: typeof fetch = (url, init) =>
      isTokenEndpoint(url) ? fetch(url, { ...init, signal: timer.signal }) : fetch(url, init);
    const cognito = client(confidentialId, { fetch: timed });
    const { transaction, callback } = await login(cognito);
    emulator.faults.set({ token: 'hang' });
    try {
      const pending = cognito.finishLogin(callback, transaction).catch((e: unknown) => e);
      await emulator.faults.whenHeld('token');
      timer.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      expect(await pending).toMatchObject({ code: 'HTTP_TIMEOUT' });
    } finally {
      emulator.faults.set({ token: null });
    }
  });

  it('reports an unreachable pool domain as HTTP_NETWORK', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const cognito = client(confidentialId, { domain: `http://127.0.0.1:${port}` });
    const error = await cognito.refresh('a-refresh-token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognitoHttpError);
    expect(error).toMatchObject({ code: 'HTTP_NETWORK' });
  });

  it('reports a token response that is not JSON (a proxy’s HTML page) as HTTP_INVALID_RESPONSE', async () => {
    const proxied: typeof fetch = async (url, init) =>
      isTokenEndpoint(url)
        ? new Response('<html><body>502 Bad Gateway</body></html>', {
            status: 200,
            headers: { 'content-type': 'text/html' },
          })
        : fetch(url, init);
    const cognito = client(confidentialId, { fetch: proxied });
    const { transaction, callback } = await login(cognito);
    await expect(cognito.finishLogin(callback, transaction)).rejects.toMatchObject({ code: 'HTTP_INVALID_RESPONSE' });
  });
});

describe('callbacks refused before the code exchange', () => {
  it('reports an error Cognito sent to the callback as FLOW_AUTHORIZATION_ERROR with its OAuth name', async () => {
    const cognito = client(publicId);
    // The public client may not ask for "phone": Cognito redirects back with error=invalid_scope.
    const started = await cognito.startLogin({ scopes: ['openid', 'phone'] });
    const { location } = await signInWithHostedUi(started.url, alice);
    expect(new URL(location).searchParams.get('error')).toBe('invalid_scope');
    await expect(cognito.finishLogin(location, started.transaction)).rejects.toMatchObject({
      code: 'FLOW_AUTHORIZATION_ERROR',
      oauthError: 'invalid_scope',
      detail: { oauthError: 'invalid_scope' },
    });
  });

  it('reports a callback with this login’s state but no code as FLOW_CODE_MISSING', async () => {
    const cognito = client(confidentialId);
    const { transaction, callback } = await login(cognito);
    const codeless = new URL(callback);
    codeless.searchParams.delete('code');
    await expect(cognito.finishLogin(codeless, transaction)).rejects.toMatchObject({ code: 'FLOW_CODE_MISSING' });
  });

  it('reports a callback that is not an absolute URL as FLOW_PROTOCOL_ERROR', async () => {
    const cognito = client(confidentialId);
    const { transaction, callback } = await login(cognito);
    const relative = `${new URL(callback).pathname}${new URL(callback).search}`;
    await expect(cognito.finishLogin(relative, transaction)).rejects.toMatchObject({ code: 'FLOW_PROTOCOL_ERROR' });
  });

  it('refuses an access token swapped into the token response, by the ID token’s at_hash', async () => {
    // The same user's earlier access token, valid and signed by the pool: only at_hash ties tokens together.
    const honest = client(confidentialId);
    const first = await login(honest);
    const earlier = await honest.finishLogin(first.callback, first.transaction);
    const swapping: typeof fetch = async (url, init) => {
      const response = await fetch(url, init);
      if (!isTokenEndpoint(url)) return response;
      const body = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...body, access_token: earlier.tokens.accessToken }, { status: response.status });
    };
    const cognito = client(confidentialId, { fetch: swapping });
    const { transaction, callback } = await login(cognito);
    await expect(cognito.finishLogin(callback, transaction)).rejects.toMatchObject({
      code: 'TOKEN_AT_HASH_MISMATCH',
      claim: 'at_hash',
    });
  });
});
