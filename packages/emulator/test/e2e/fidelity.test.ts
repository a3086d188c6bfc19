// Libraries we did not write judge the emulator: aws-jwt-verify checks its tokens, openid-client runs the whole flow.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import type { Emulator } from '../../src/index.js';
import { tokenVerifier } from '../token-verifier.js';
import { ALICE, CALLBACK, CONFIDENTIAL, PUBLIC_ID, claimsOf, exchange, signIn, startSeeded } from '../support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startSeeded();
});
afterAll(() => emulator.stop());

const cognitoVerifier = (tokenUse: 'id' | 'access', clientId: string) => tokenVerifier(emulator, tokenUse, clientId);

describe('aws-jwt-verify', () => {
  it('verifies the ID and access tokens, and tells them apart', async () => {
    const tokens = await exchange(emulator, await signIn(emulator));
    const idVerifier = cognitoVerifier('id', CONFIDENTIAL.id);
    const accessVerifier = cognitoVerifier('access', CONFIDENTIAL.id);
    await expect(idVerifier.verify(tokens.id_token as string)).resolves.toMatchObject({
      token_use: 'id',
      aud: CONFIDENTIAL.id,
      'cognito:username': 'alice',
    });
    await expect(accessVerifier.verify(tokens.access_token)).resolves.toMatchObject({
      token_use: 'access',
      client_id: CONFIDENTIAL.id,
      username: 'alice',
    });
    await expect(accessVerifier.verify(tokens.id_token as string)).rejects.toThrow(/token use/i);
    await expect(idVerifier.verify(tokens.access_token)).rejects.toThrow(/token use/i);
    await expect(cognitoVerifier('access', PUBLIC_ID).verify(tokens.access_token)).rejects.toThrow(/client id/i);
  });

  it('sees two keys, one per token kind, like Cognito', async () => {
    const tokens = await exchange(emulator, await signIn(emulator));
    const jwks = (await (await fetch(emulator.jwksUrl)).json()) as {
      keys: { kid: string; alg: string; kty: string; use: string }[];
    };
    expect(jwks.keys).toHaveLength(2);
    expect(jwks.keys.every((k) => k.alg === 'RS256' && k.kty === 'RSA' && k.use === 'sig')).toBe(true);
    const kid = (jwt: string) =>
      (JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()) as { kid: string }).kid;
    expect(kid(tokens.id_token as string)).toBe(jwks.keys[0]?.kid);
    expect(kid(tokens.access_token)).toBe(jwks.keys[1]?.kid);
  });

  it('finds every claim Cognito puts in its tokens', async () => {
    const signed = await signIn(emulator, { params: { nonce: 'nonce-123' } });
    const tokens = await exchange(emulator, signed);
    const id = claimsOf(tokens.id_token as string);
    for (const claim of [
      'sub',
      'aud',
      'email_verified',
      'token_use',
      'auth_time',
      'iss',
      'cognito:username',
      'cognito:groups',
      'exp',
      'iat',
      'jti',
      'origin_jti',
      'event_id',
      'at_hash',
      'email',
    ]) {
      expect(id, claim).toHaveProperty([claim]);
    }
    expect(id).toMatchObject({
      nonce: 'nonce-123',
      email_verified: true,
      'cognito:groups': ['admins'],
      'custom:tenant': 'acme',
      phone_number_verified: false,
    });
    const access = claimsOf(tokens.access_token);
    expect(access.aud).toBeUndefined();
    expect(access).toMatchObject({
      version: 2,
      token_use: 'access',
      client_id: CONFIDENTIAL.id,
      username: 'alice',
      origin_jti: id.origin_jti,
      event_id: id.event_id,
    });
    expect(String(access.scope).split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
  });

  it('omits cognito:groups for a user without groups', async () => {
    const tokens = await exchange(
      emulator,
      await signIn(emulator, { user: { username: 'bob', password: 'Bob-password-1' } }),
    );
    expect(claimsOf(tokens.id_token as string)).not.toHaveProperty(['cognito:groups']);
    expect(claimsOf(tokens.access_token)).not.toHaveProperty(['cognito:groups']);
  });
});

describe('openid-client', () => {
  const insecure = { execute: [oidc.allowInsecureRequests] };

  it('discovers the pool and runs code + PKCE, refresh, userInfo and revocation', async () => {
    for (const auth of [oidc.ClientSecretPost(CONFIDENTIAL.secret), oidc.ClientSecretBasic(CONFIDENTIAL.secret)]) {
      const config = await oidc.discovery(
        new URL(emulator.issuer),
        CONFIDENTIAL.id,
        CONFIDENTIAL.secret,
        auth,
        insecure,
      );
      expect(config.serverMetadata()).toMatchObject({
        issuer: emulator.issuer,
        end_session_endpoint: `${emulator.url}/logout`,
      });
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: CALLBACK,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const { location } = await signInWithHostedUi(url.href, ALICE);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(location), {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
      });
      const claims = tokens.claims();
      expect(claims).toMatchObject({ 'cognito:username': 'alice', nonce });

      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
      expect(refreshed.refresh_token).toBeUndefined();
      expect(refreshed.claims()?.sub).toBe(claims?.sub);

      const info = await oidc.fetchUserInfo(config, refreshed.access_token, claims?.sub as string);
      expect(info).toMatchObject({
        sub: claims?.sub,
        email: 'alice@example.com',
        email_verified: 'true',
        username: 'alice',
      });

      await oidc.tokenRevocation(config, tokens.refresh_token as string);
      await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      await expect(oidc.fetchUserInfo(config, refreshed.access_token, claims?.sub as string)).rejects.toThrow();
    }
  });

  it('runs a public client with PKCE and no secret', async () => {
    const config = await oidc.discovery(new URL(emulator.issuer), PUBLIC_ID, undefined, oidc.None(), insecure);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const { location } = await signInWithHostedUi(url.href, ALICE);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(location), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.claims()?.aud).toBe(PUBLIC_ID);
    // Like Cognito, the token response has no `scope`; the access token carries it.
    expect(tokens.scope).toBeUndefined();
    expect(String(claimsOf(tokens.access_token).scope).split(' ').sort()).toEqual(['email', 'openid']);
  });
});
