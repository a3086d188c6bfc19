// Libraries we did not write judge the emulator: aws-jwt-verify checks its tokens, openid-client runs the whole flow.
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { readFile } from 'node:fs/promises';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { startEmulator, type Emulator } from '../../src/index.js';
import { tokenVerifier } from '../token-verifier.js';
import {
  ALICE,
  CALLBACK,
  CONFIDENTIAL,
  PUBLIC_ID,
  SEED_PATH,
  authorizeUrl,
  claimsOf,
  exchange,
  signIn,
  startSeeded,
} from '../support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startSeeded();
});
afterAll(() => emulator.stop());

function cognitoVerifier(tokenUse: 'id' | 'access', clientId: string) {
  return tokenVerifier(emulator, tokenUse, clientId);
}

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

describe('implicit grant (response_type=token)', () => {
  it('puts verifiable tokens and state in the fragment, without a refresh token', async () => {
    const spa = emulator.admin.addClient({
      name: 'implicit spa',
      callbackUrls: [CALLBACK],
      allowedOAuthFlows: ['code', 'implicit'],
    });
    const { location } = await signInWithHostedUi(
      authorizeUrl(emulator, { client_id: spa.clientId, response_type: 'token', state: 'imp', nonce: 'n-1' }),
      ALICE,
    );
    const landed = new URL(location);
    expect(`${landed.origin}${landed.pathname}`).toBe(CALLBACK);
    expect(landed.search).toBe('');
    const fragment = new URLSearchParams(landed.hash.slice(1));
    expect([...fragment.keys()].sort()).toEqual(['access_token', 'expires_in', 'id_token', 'state', 'token_type']);
    expect(Object.fromEntries(fragment)).toMatchObject({ state: 'imp', token_type: 'Bearer', expires_in: '3600' });
    await expect(
      cognitoVerifier('access', spa.clientId).verify(fragment.get('access_token') as string),
    ).resolves.toMatchObject({ username: 'alice', client_id: spa.clientId });
    await expect(cognitoVerifier('id', spa.clientId).verify(fragment.get('id_token') as string)).resolves.toMatchObject(
      {
        nonce: 'n-1',
        aud: spa.clientId,
      },
    );
  });
});

describe('issuer: aws', () => {
  /** An unmodified CognitoJwtVerifier: it derives the issuer from the pool id and is handed the emulator's keys. */
  async function verifyWithAwsVerifier(aws: Emulator): Promise<void> {
    const tokens = await exchange(aws, await signIn(aws));
    const awsIssuer = `https://cognito-idp.${aws.region}.amazonaws.com/${aws.userPoolId}`;
    expect(aws.issuer).toBe(awsIssuer);
    expect(claimsOf(tokens.access_token).iss).toBe(awsIssuer);
    const verifier = CognitoJwtVerifier.create({ userPoolId: aws.userPoolId, clientId: CONFIDENTIAL.id });
    verifier.cacheJwks((await (await fetch(aws.jwksUrl)).json()) as Parameters<typeof verifier.cacheJwks>[0]);
    await expect(verifier.verify(tokens.access_token, { tokenUse: 'access' })).resolves.toMatchObject({
      username: 'alice',
    });
    await expect(verifier.verify(tokens.id_token as string, { tokenUse: 'id' })).resolves.toMatchObject({
      'cognito:username': 'alice',
    });
    // Tokens of the emulator's own issuer are refused by that verifier.
    const own = await exchange(emulator, await signIn(emulator));
    await expect(verifier.verify(own.access_token, { tokenUse: 'access' })).rejects.toThrow(/issuer/i);
    // Discovery stays at the emulator and names the tokens' issuer; userInfo still accepts the token.
    const discovery = (await (await fetch(aws.discoveryUrl)).json()) as Record<string, string>;
    expect(discovery).toMatchObject({ issuer: awsIssuer, jwks_uri: aws.jwksUrl });
    const info = await fetch(`${aws.url}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(info.status).toBe(200);
  }

  it('mints tokens an unmodified CognitoJwtVerifier accepts, from the option', async () => {
    const aws = await startEmulator({ seed: SEED_PATH, port: 0, issuer: 'aws' });
    try {
      await verifyWithAwsVerifier(aws);
    } finally {
      await aws.stop();
    }
  });

  it('does the same from the seed field userPool.issuer', async () => {
    const seed = JSON.parse(await readFile(SEED_PATH, 'utf8')) as { userPool: { id: string; name: string } };
    const aws = await startEmulator({ seed: { ...seed, userPool: { ...seed.userPool, issuer: 'aws' } }, port: 0 });
    try {
      await verifyWithAwsVerifier(aws);
    } finally {
      await aws.stop();
    }
  });
});
