// Every rule createVerifier enforces, each refusal with its exact code and claim, on tokens signed here with a fixed key set.
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JsonWebKey } from './signature.js';
import { createVerifier } from './verify.js';

const POOL = 'eu-west-1_Verify01';
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
const CLIENT = 'client1';
const KID = 'kid-1';

let privateKey: CryptoKey;
let impostorKey: CryptoKey;
let jwks: { keys: JsonWebKey[] };

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  impostorKey = (await generateKeyPair('RS256')).privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' } as JsonWebKey] };
});

afterEach(() => {
  vi.useRealTimers();
});

const now = () => Math.floor(Date.now() / 1000);

const ACCESS = () => ({
  sub: 'user-1',
  iss: ISSUER,
  token_use: 'access',
  client_id: CLIENT,
  scope: 'openid email',
  'cognito:groups': ['readers'],
  iat: now(),
  exp: now() + 300,
});
const ID = () => ({
  sub: 'user-1',
  iss: ISSUER,
  token_use: 'id',
  aud: CLIENT,
  nonce: 'n-1',
  'cognito:groups': ['readers'],
  iat: now(),
  exp: now() + 300,
});

function sign(claims: Record<string, unknown>, key: CryptoKey = privateKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: KID }).sign(key);
}

const verifier = (tokenUse: 'id' | 'access' | null, extra: Partial<Parameters<typeof createVerifier>[0]> = {}) =>
  createVerifier({ userPoolId: POOL, clientId: CLIENT, tokenUse, jwks, ...extra });

describe('createVerifier', () => {
  it('accepts a valid access and ID token and returns frozen claims', async () => {
    const claims = await verifier('access').verify(await sign(ACCESS()));
    expect(claims).toMatchObject({ sub: 'user-1', client_id: CLIENT });
    expect(Object.isFrozen(claims)).toBe(true);
    expect(Object.isFrozen(claims['cognito:groups'])).toBe(true);
    await expect(verifier('id').verify(await sign(ID()), { nonce: 'n-1' })).resolves.toMatchObject({ aud: CLIENT });
    await expect(verifier(null).verify(await sign(ID()))).resolves.toMatchObject({ token_use: 'id' });
  });

  it.each([
    ['a not-before in the future', 'access', () => ({ ...ACCESS(), nbf: now() + 60 }), 'TOKEN_NOT_YET_VALID', 'nbf'],
    ['an expiry in the past', 'access', () => ({ ...ACCESS(), exp: now() - 60 }), 'TOKEN_EXPIRED', 'exp'],
    [
      'an issue time in the future',
      'access',
      () => ({ ...ACCESS(), iat: now() + 60 }),
      'TOKEN_ISSUED_IN_FUTURE',
      'iat',
    ],
    ['a string expiry', 'access', () => ({ ...ACCESS(), exp: String(now() + 60) }), 'TOKEN_CLAIM_INVALID', 'exp'],
    ['another issuer', 'access', () => ({ ...ACCESS(), iss: `${ISSUER}x` }), 'TOKEN_ISSUER_MISMATCH', 'iss'],
    ['an ID token where an access token is due', 'access', ID, 'TOKEN_USE_MISMATCH', 'token_use'],
    ['an unknown token_use', null, () => ({ ...ACCESS(), token_use: 'refresh' }), 'TOKEN_USE_MISMATCH', 'token_use'],
    [
      'another app client',
      'access',
      () => ({ ...ACCESS(), client_id: 'other' }),
      'TOKEN_CLIENT_ID_MISMATCH',
      'client_id',
    ],
    ['an access token with aud', 'access', () => ({ ...ACCESS(), aud: CLIENT }), 'TOKEN_CLAIM_INVALID', 'aud'],
    ['an ID token for another client', 'id', () => ({ ...ID(), aud: 'other' }), 'TOKEN_AUDIENCE_MISMATCH', 'aud'],
    ['no subject', 'access', () => ({ ...ACCESS(), sub: '' }), 'TOKEN_CLAIM_INVALID', 'sub'],
  ] as const)('refuses %s', async (_name, tokenUse, claims, code, claim) => {
    const error = await verifier(tokenUse)
      .verify(await sign(claims()))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code, claim, detail: { claim } });
  });

  it('allows the clock tolerance on nbf, iat and exp, and no more', async () => {
    const lenient = verifier('access', { clockToleranceSeconds: 30 });
    await expect(
      lenient.verify(await sign({ ...ACCESS(), nbf: now() + 20, iat: now() + 20, exp: now() - 20 })),
    ).resolves.toBeTruthy();
    await expect(lenient.verify(await sign({ ...ACCESS(), nbf: now() + 40 }))).rejects.toMatchObject({
      code: 'TOKEN_NOT_YET_VALID',
    });
  });

  it('re-checks the claims of a token it has seen before, as time passes (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cached = verifier('access');
    const token = await sign({ ...ACCESS(), nbf: now() + 10 });
    await expect(cached.verify(token)).rejects.toMatchObject({ code: 'TOKEN_NOT_YET_VALID' });
    vi.setSystemTime(Date.now() + 10_000);
    await expect(cached.verify(token)).resolves.toBeTruthy();
    vi.setSystemTime(Date.now() + 300_000);
    await expect(cached.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED', claim: 'exp' });
  });

  it('refuses a token signed by another key under a published kid', async () => {
    await expect(verifier('access').verify(await sign(ACCESS(), impostorKey))).rejects.toMatchObject({
      code: 'TOKEN_SIGNATURE_INVALID',
    });
  });

  it('applies nonce, group and scope requirements, per verifier and per call', async () => {
    const idToken = await sign(ID());
    await expect(verifier('id').verify(idToken, { nonce: 'other' })).rejects.toMatchObject({
      code: 'TOKEN_NONCE_MISMATCH',
      claim: 'nonce',
    });
    const access = await sign(ACCESS());
    await expect(verifier('access', { groups: 'admins' }).verify(access)).rejects.toMatchObject({
      code: 'TOKEN_GROUP_REQUIRED',
    });
    await expect(verifier('access', { groups: 'admins' }).verify(access, { groups: 'readers' })).resolves.toBeTruthy();
    await expect(verifier('access').verify(access, { scopes: ['openid', 'api/write'] })).rejects.toMatchObject({
      code: 'TOKEN_SCOPE_REQUIRED',
      claim: 'scope',
    });
  });

  it('names the option to fix when clientId or tokenUse is missing', () => {
    expect(() =>
      createVerifier({ userPoolId: POOL, tokenUse: 'access' } as unknown as Parameters<typeof createVerifier>[0]),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_REQUIRED', field: 'clientId' }));
    expect(() =>
      createVerifier({ userPoolId: POOL, clientId: CLIENT } as unknown as Parameters<typeof createVerifier>[0]),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_REQUIRED', field: 'tokenUse' }));
  });
});
