// /oauth2/userInfo and /oauth2/revoke over HTTP: Cognito's string-typed answer, bearer refusals, and family revocation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/index.js';
import {
  CALLBACK,
  CAROL,
  CONFIDENTIAL,
  M2M,
  PUBLIC_ID,
  basic,
  claimsOf,
  exchange,
  postForm,
  signIn,
  startSeeded,
} from '../support.js';

let emulator: Emulator;
let userInfoUrl: string;
let revokeUrl: string;
beforeAll(async () => {
  emulator = await startSeeded();
  userInfoUrl = `${emulator.url}/oauth2/userInfo`;
  revokeUrl = `${emulator.url}/oauth2/revoke`;
});
afterAll(() => emulator.stop());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const userInfo = (token: string, method = 'GET') => fetch(userInfoUrl, { method, headers: bearer(token) });
const confidentialAuth = { authorization: basic(CONFIDENTIAL.id, CONFIDENTIAL.secret) };

/** Cognito's documented texts: one for a malformed request, one for every refused token, whatever the reason. */
const BAD_REQUEST = 'Bad OAuth2 request at UserInfo Endpoint';
const BAD_TOKEN = 'Access token is expired, disabled, or deleted, or the user has globally signed out.';

async function expectRefused(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe(
    `Bearer error="invalid_token", error_description="${BAD_TOKEN}"`,
  );
  expect(await response.json()).toEqual({ error: 'invalid_token', error_description: BAD_TOKEN });
}

describe('userInfo', () => {
  it('answers GET and POST with the attributes as strings, like Cognito', async () => {
    const tokens = await exchange(emulator, await signIn(emulator));
    for (const method of ['GET', 'POST']) {
      const response = await userInfo(tokens.access_token, method);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        sub: '0a1b2c3d-1111-4aaa-8bbb-000000000001',
        email: 'alice@example.com',
        email_verified: 'true',
        given_name: 'Alice',
        family_name: 'Admin',
        phone_number: '+15555550101',
        phone_number_verified: 'false',
        'custom:tenant': 'acme',
        username: 'alice',
      });
    }
    const carol = await exchange(emulator, await signIn(emulator, { user: CAROL }));
    expect(await (await userInfo(carol.access_token)).json()).toMatchObject({
      username: 'carol',
      email_verified: 'false',
    });
  });

  it('answers a request without a bearer token 400 invalid_request, a malformed or wrong-kind token 401', async () => {
    const tokens = await exchange(emulator, await signIn(emulator));
    for (const headers of [{}, { authorization: `Basic ${tokens.access_token}` }] as Record<string, string>[]) {
      const none = await fetch(userInfoUrl, { headers });
      expect(none.status).toBe(400);
      expect(none.headers.get('www-authenticate')).toBe(
        `Bearer error="invalid_request", error_description="${BAD_REQUEST}"`,
      );
      expect(await none.json()).toEqual({ error: 'invalid_request', error_description: BAD_REQUEST });
    }
    await expectRefused(await userInfo('not.a.jwt'));
    await expectRefused(await userInfo(tokens.id_token as string));
    const machine = (await (
      await postForm(
        `${emulator.url}/oauth2/token`,
        { grant_type: 'client_credentials' },
        { authorization: basic(M2M.id, M2M.secret) },
      )
    ).json()) as { access_token: string };
    await expectRefused(await userInfo(machine.access_token));
  });

  it('refuses a token without the openid scope, an expired token and a disabled user', async () => {
    const noOpenId = await exchange(emulator, await signIn(emulator, { params: { scope: 'email profile' } }));
    await expectRefused(await userInfo(noOpenId.access_token));

    const tokens = await exchange(emulator, await signIn(emulator));
    emulator.admin.advanceClock(3601);
    try {
      await expectRefused(await userInfo(tokens.access_token));
    } finally {
      emulator.admin.advanceClock(-3601);
    }

    const carol = await exchange(emulator, await signIn(emulator, { user: CAROL }));
    emulator.admin.setUserEnabled('carol', false);
    try {
      await expectRefused(await userInfo(carol.access_token));
    } finally {
      emulator.admin.setUserEnabled('carol', true);
    }
  });

  it('answers browsers cross-origin', async () => {
    const preflight = await fetch(userInfoUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });
});

describe('revoke', () => {
  it('revokes the refresh token and every access token minted from it, but no other sign-in', async () => {
    const tokens = await exchange(emulator, await signIn(emulator));
    const other = await exchange(emulator, await signIn(emulator));
    const refreshed = (await (
      await postForm(
        `${emulator.url}/oauth2/token`,
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
        confidentialAuth,
      )
    ).json()) as { access_token: string };

    const response = await postForm(revokeUrl, { token: tokens.refresh_token as string }, confidentialAuth);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');

    const refreshAgain = await postForm(
      `${emulator.url}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
      confidentialAuth,
    );
    expect(((await refreshAgain.json()) as { error: string }).error).toBe('invalid_grant');
    await expectRefused(await userInfo(tokens.access_token));
    await expectRefused(await userInfo(refreshed.access_token));
    expect((await userInfo(other.access_token)).status).toBe(200);
  });

  it('accepts client_secret_post, a public client without secret, and an unknown token', async () => {
    const tokens = await exchange(emulator, await signIn(emulator));
    expect(
      (
        await postForm(revokeUrl, {
          token: tokens.refresh_token as string,
          client_id: CONFIDENTIAL.id,
          client_secret: CONFIDENTIAL.secret,
        })
      ).status,
    ).toBe(200);
    const pub = await exchange(emulator, await signIn(emulator, { clientId: PUBLIC_ID }), { clientId: PUBLIC_ID });
    expect((await postForm(revokeUrl, { token: pub.refresh_token as string, client_id: PUBLIC_ID })).status).toBe(200);
    expect((await postForm(revokeUrl, { token: 'never-issued' }, confidentialAuth)).status).toBe(200);
  });

  it('refuses a missing token, a JWT, bad client credentials and another client’s token', async () => {
    const tokens = await exchange(emulator, await signIn(emulator));
    const error = async (response: Response) => {
      expect(response.status).toBeGreaterThanOrEqual(400);
      return ((await response.json()) as { error: string }).error;
    };
    expect(await error(await postForm(revokeUrl, {}, confidentialAuth))).toBe('invalid_request');
    expect(await error(await postForm(revokeUrl, { token: tokens.access_token }, confidentialAuth))).toBe(
      'unsupported_token_type',
    );
    expect(
      await error(
        await postForm(
          revokeUrl,
          { token: tokens.refresh_token as string },
          { authorization: basic(CONFIDENTIAL.id, 'wrong') },
        ),
      ),
    ).toBe('invalid_client');
    expect(
      await error(await postForm(revokeUrl, { token: tokens.refresh_token as string, client_id: PUBLIC_ID })),
    ).toBe('invalid_request');
    expect((await userInfo(tokens.access_token)).status).toBe(200);
  });

  it('refuses revocation for a client that has it disabled', async () => {
    const client = emulator.admin.addClient({
      name: 'no revocation',
      generateSecret: true,
      callbackUrls: [CALLBACK],
      enableTokenRevocation: false,
    });
    const auth = { clientId: client.clientId, secret: client.clientSecret as string };
    const tokens = await exchange(emulator, await signIn(emulator, { clientId: client.clientId }), auth);
    const response = await postForm(
      revokeUrl,
      { token: tokens.refresh_token as string },
      { authorization: basic(auth.clientId, auth.secret) },
    );
    expect(((await response.json()) as { error: string }).error).toBe('unauthorized_client');
    // Cognito adds jti and origin_jti only when token revocation is enabled.
    for (const jwt of [tokens.id_token as string, tokens.access_token]) {
      expect(claimsOf(jwt)).not.toHaveProperty('jti');
      expect(claimsOf(jwt)).not.toHaveProperty('origin_jti');
      expect(claimsOf(jwt)).toHaveProperty('event_id');
    }
  });
});
