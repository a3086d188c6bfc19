// /oauth2/token over HTTP: the three grants, both client authentication methods, and every refusal Cognito gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/index.js';
import {
  BOB,
  CALLBACK,
  CONFIDENTIAL,
  M2M,
  PUBLIC_ID,
  basic,
  claimsOf,
  exchange,
  postForm,
  signIn,
  startSeeded,
  type SignedIn,
} from '../support.js';

let emulator: Emulator;
let tokenUrl: string;
beforeAll(async () => {
  emulator = await startSeeded();
  tokenUrl = `${emulator.url}/oauth2/token`;
});
afterAll(() => emulator.stop());

const codeForm = (signed: SignedIn, extra: Record<string, string> = {}) => ({
  grant_type: 'authorization_code',
  code: signed.code,
  redirect_uri: CALLBACK,
  code_verifier: signed.verifier,
  ...extra,
});
const confidentialAuth = { authorization: basic(CONFIDENTIAL.id, CONFIDENTIAL.secret) };

async function expectError(response: Response, error: string, status = 400): Promise<Record<string, string>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as Record<string, string>;
  expect(body.error).toBe(error);
  return body;
}

describe('authorization_code', () => {
  it('accepts client_secret_basic and client_secret_post', async () => {
    const viaBasic = await postForm(tokenUrl, codeForm(await signIn(emulator)), confidentialAuth);
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.headers.get('cache-control')).toBe('no-store');
    const viaPost = await postForm(
      tokenUrl,
      codeForm(await signIn(emulator), { client_id: CONFIDENTIAL.id, client_secret: CONFIDENTIAL.secret }),
    );
    expect(viaPost.status).toBe(200);
    expect(Object.keys((await viaPost.json()) as object).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'token_type',
    ]);
  });

  it('refuses a replayed code', async () => {
    const signed = await signIn(emulator);
    expect((await postForm(tokenUrl, codeForm(signed), confidentialAuth)).status).toBe(200);
    await expectError(await postForm(tokenUrl, codeForm(signed), confidentialAuth), 'invalid_grant');
  });

  it('refuses a code older than five minutes', async () => {
    const signed = await signIn(emulator);
    emulator.admin.advanceClock(301);
    try {
      await expectError(await postForm(tokenUrl, codeForm(signed), confidentialAuth), 'invalid_grant');
    } finally {
      emulator.admin.advanceClock(-301);
    }
  });

  it('refuses a wrong secret with 400 invalid_client as Cognito documents (no challenge), never echoing it', async () => {
    const wrong = 'wrong-secret-that-must-not-leak-0000';
    const viaBasic = await postForm(tokenUrl, codeForm(await signIn(emulator)), {
      authorization: basic(CONFIDENTIAL.id, wrong),
    });
    expect(viaBasic.headers.get('www-authenticate')).toBeNull();
    const body = await expectError(viaBasic, 'invalid_client');
    expect(JSON.stringify(body)).not.toContain(wrong);
    await expectError(
      await postForm(tokenUrl, codeForm(await signIn(emulator), { client_id: CONFIDENTIAL.id, client_secret: wrong })),
      'invalid_client',
    );
  });

  it('refuses missing, unknown or doubled client authentication', async () => {
    await expectError(
      await postForm(tokenUrl, codeForm(await signIn(emulator), { client_id: CONFIDENTIAL.id })),
      'invalid_client',
    );
    await expectError(
      await postForm(tokenUrl, codeForm(await signIn(emulator), { client_id: 'nope' })),
      'invalid_client',
    );
    await expectError(await postForm(tokenUrl, codeForm(await signIn(emulator))), 'invalid_request');
    await expectError(
      await postForm(
        tokenUrl,
        codeForm(await signIn(emulator), { client_secret: CONFIDENTIAL.secret }),
        confidentialAuth,
      ),
      'invalid_request',
    );
  });

  it('lets a public client in with PKCE and no secret, and refuses it a secret', async () => {
    const signed = await signIn(emulator, { clientId: PUBLIC_ID });
    const tokens = await exchange(emulator, signed, { clientId: PUBLIC_ID });
    expect(claimsOf(tokens.access_token).client_id).toBe(PUBLIC_ID);
    // Without PKCE too, as in Cognito: no code_challenge, no code_verifier.
    const bare = await signIn(emulator, { clientId: PUBLIC_ID, pkce: false });
    const withoutPkce = await postForm(tokenUrl, {
      grant_type: 'authorization_code',
      code: bare.code,
      redirect_uri: CALLBACK,
      client_id: PUBLIC_ID,
    });
    expect(withoutPkce.status).toBe(200);
    await expectError(
      await postForm(
        tokenUrl,
        codeForm(await signIn(emulator, { clientId: PUBLIC_ID }), { client_id: PUBLIC_ID, client_secret: 'anything' }),
      ),
      'invalid_client',
    );
  });

  it('refuses a code issued to another client, a different redirect_uri, or no code', async () => {
    const forPublic = await signIn(emulator, { clientId: PUBLIC_ID });
    await expectError(await postForm(tokenUrl, codeForm(forPublic), confidentialAuth), 'invalid_grant');
    await expectError(
      await postForm(
        tokenUrl,
        codeForm(await signIn(emulator), { redirect_uri: 'http://localhost:3000/api/auth/callback/cognito' }),
        confidentialAuth,
      ),
      'invalid_grant',
    );
    await expectError(
      await postForm(tokenUrl, { grant_type: 'authorization_code', redirect_uri: CALLBACK }, confidentialAuth),
      'invalid_request',
    );
  });

  it('answers a code exchange without redirect_uri with invalid_request, and the code still works', async () => {
    const signed = await signIn(emulator);
    const { redirect_uri: _omit, ...withoutRedirect } = codeForm(signed);
    const body = await expectError(await postForm(tokenUrl, withoutRedirect, confidentialAuth), 'invalid_request');
    expect(body.error_description).toContain('redirect_uri');
    expect((await postForm(tokenUrl, codeForm(signed), confidentialAuth)).status).toBe(200);
  });

  it('verifies PKCE: a wrong or missing verifier is invalid_grant', async () => {
    await expectError(
      await postForm(tokenUrl, codeForm(await signIn(emulator), { code_verifier: 'x'.repeat(43) }), confidentialAuth),
      'invalid_grant',
    );
    const signed = await signIn(emulator);
    const { code_verifier: _omit, ...withoutVerifier } = codeForm(signed);
    await expectError(await postForm(tokenUrl, withoutVerifier, confidentialAuth), 'invalid_grant');
  });

  it('refuses unsupported or missing grant types, other content types and repeated parameters', async () => {
    await expectError(
      await postForm(tokenUrl, { grant_type: 'password', username: 'alice', password: 'x' }, confidentialAuth),
      'unsupported_grant_type',
    );
    await expectError(await postForm(tokenUrl, {}, confidentialAuth), 'invalid_request');
    const json = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...confidentialAuth },
      body: '{"grant_type":"client_credentials"}',
    });
    await expectError(json, 'invalid_request');
    const repeated = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...confidentialAuth },
      body: 'grant_type=refresh_token&refresh_token=a&refresh_token=b',
    });
    await expectError(repeated, 'invalid_request');
  });
});

describe('refresh_token', () => {
  it('returns a new ID and access token, and no new refresh token', async () => {
    const first = await exchange(emulator, await signIn(emulator, { params: { nonce: 'only-once' } }));
    const response = await postForm(
      tokenUrl,
      { grant_type: 'refresh_token', refresh_token: first.refresh_token as string },
      confidentialAuth,
    );
    expect(response.status).toBe(200);
    const refreshed = (await response.json()) as Record<string, string>;
    expect(refreshed.refresh_token).toBeUndefined();
    const [before, after] = [claimsOf(first.id_token as string), claimsOf(refreshed.id_token as string)];
    expect(after).toMatchObject({
      sub: before.sub,
      auth_time: before.auth_time,
      origin_jti: before.origin_jti,
      token_use: 'id',
    });
    expect(after.jti).not.toBe(before.jti);
    expect(after.nonce).toBeUndefined();
    expect(claimsOf(refreshed.access_token as string).origin_jti).toBe(before.origin_jti);
  });

  it('refuses an unknown token, another client’s token, and a disabled user’s token', async () => {
    await expectError(
      await postForm(tokenUrl, { grant_type: 'refresh_token', refresh_token: 'not-a-token' }, confidentialAuth),
      'invalid_grant',
    );
    const forPublic = await exchange(emulator, await signIn(emulator, { clientId: PUBLIC_ID }), {
      clientId: PUBLIC_ID,
    });
    await expectError(
      await postForm(
        tokenUrl,
        { grant_type: 'refresh_token', refresh_token: forPublic.refresh_token as string },
        confidentialAuth,
      ),
      'invalid_grant',
    );
    const bobs = await exchange(emulator, await signIn(emulator, { user: BOB }));
    emulator.admin.setUserEnabled('bob', false);
    try {
      await expectError(
        await postForm(
          tokenUrl,
          { grant_type: 'refresh_token', refresh_token: bobs.refresh_token as string },
          confidentialAuth,
        ),
        'invalid_grant',
      );
    } finally {
      emulator.admin.setUserEnabled('bob', true);
    }
  });

  it('refuses a refresh token after its validity', async () => {
    const client = emulator.admin.addClient({
      name: 'short refresh',
      generateSecret: true,
      callbackUrls: [CALLBACK],
      tokenValidity: { refreshToken: 60 },
    });
    const tokens = await exchange(emulator, await signIn(emulator, { clientId: client.clientId }), {
      clientId: client.clientId,
      secret: client.clientSecret as string,
    });
    emulator.admin.advanceClock(61);
    try {
      const response = await postForm(
        tokenUrl,
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
        { authorization: basic(client.clientId, client.clientSecret as string) },
      );
      await expectError(response, 'invalid_grant');
    } finally {
      emulator.admin.advanceClock(-61);
    }
  });
});

describe('client_credentials', () => {
  const m2mAuth = { authorization: basic(M2M.id, M2M.secret) };

  it('issues an access token only, for the client’s custom scopes', async () => {
    const response = await postForm(tokenUrl, { grant_type: 'client_credentials' }, m2mAuth);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string | number>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(body.expires_in).toBe(900);
    const claims = claimsOf(body.access_token as string);
    expect(claims).toMatchObject({
      sub: M2M.id,
      client_id: M2M.id,
      token_use: 'access',
      scope: 'reports-api/read reports-api/write',
      version: 2,
    });
    expect(claims.username).toBeUndefined();
    const narrowed = (await (
      await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'reports-api/read' }, m2mAuth)
    ).json()) as { access_token: string };
    expect(claimsOf(narrowed.access_token).scope).toBe('reports-api/read');
  });

  it('refuses scopes beyond the client’s, and clients without the flow', async () => {
    await expectError(
      await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'reports-api/admin' }, m2mAuth),
      'invalid_scope',
    );
    await expectError(
      await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'openid' }, m2mAuth),
      'invalid_scope',
    );
    await expectError(
      await postForm(tokenUrl, { grant_type: 'client_credentials' }, confidentialAuth),
      'unauthorized_client',
    );
  });

  it('refuses the code grant to a client_credentials client', async () => {
    await expectError(
      await postForm(tokenUrl, { grant_type: 'authorization_code', code: 'x', redirect_uri: CALLBACK }, m2mAuth),
      'unauthorized_client',
    );
  });
});
