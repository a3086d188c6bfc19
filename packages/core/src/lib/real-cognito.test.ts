// Real tokens from a real Cognito pool (test-fixtures/real-cognito, from xeedware/cognito-jwt, MIT) and every tampering of them.
import { createHmac, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CognitoVerifier, type TokenUse, createVerifier } from '../index.js';
import type { JsonWebKey, SignatureBackend } from './signature.js';

const fixtures = new URL('../../../../test-fixtures/real-cognito/', import.meta.url);
const tokens = JSON.parse(readFileSync(new URL('tokens.json', fixtures), 'utf8')) as Record<string, string>;
const jwks = JSON.parse(readFileSync(new URL('jwks.json', fixtures), 'utf8')) as { keys: JsonWebKey[] };
const POOL = 'us-west-2_XRsUGkwyU';
const CLIENT = '4tg7fhidb5adr5jc1bna4me2i6';

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
const claimsOf = (token: string) => decode(parts(token)[1]) as { iat: number; exp: number; token_use: TokenUse };

/** Freezes Date inside the token's lifetime (the fixtures are from 2020). */
function freezeInside(token: string, secondsAfterIat = 60) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime((claimsOf(token).iat + secondsAfterIat) * 1000);
}

function verifier(
  tokenUse: TokenUse | null,
  backend: SignatureBackend,
  overrides: Partial<Parameters<typeof createVerifier>[0]> = {},
): CognitoVerifier {
  return createVerifier({
    userPoolId: POOL,
    clientId: CLIENT,
    tokenUse,
    jwks,
    signatureBackend: backend,
    ...overrides,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe.each(['auto', 'webcrypto'] as const)('real Cognito tokens (%s signatures)', (backend) => {
  it.each(Object.keys(tokens))('accepts %s inside its lifetime', async (name) => {
    const token = tokens[name] as string;
    const use = claimsOf(token).token_use;
    freezeInside(token);
    const claims = await verifier(use, backend).verify(token);
    expect(claims.token_use).toBe(use);
    expect(claims.iss).toBe(`https://cognito-idp.us-west-2.amazonaws.com/${POOL}`);
    await expect(verifier(null, backend).verify(token)).resolves.toMatchObject({ sub: claims.sub });
  });

  it.each(Object.keys(tokens))('refuses %s after exp with TOKEN_EXPIRED', async (name) => {
    const token = tokens[name] as string;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((claimsOf(token).exp + 6) * 1000);
    await expect(verifier(claimsOf(token).token_use, backend).verify(token)).rejects.toMatchObject({
      code: 'TOKEN_EXPIRED',
      claim: 'exp',
    });
  });

  it('honours the clock tolerance at exp', async () => {
    const token = tokens.id_groups as string;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((claimsOf(token).exp + 4) * 1000);
    await expect(verifier('id', backend).verify(token)).resolves.toBeTruthy();
    await expect(verifier('id', backend, { clockToleranceSeconds: 0 }).verify(token)).rejects.toMatchObject({
      code: 'TOKEN_EXPIRED',
    });
  });

  it('refuses a token issued in the future', async () => {
    const token = tokens.id_groups as string;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((claimsOf(token).iat - 60) * 1000);
    await expect(verifier('id', backend).verify(token)).rejects.toMatchObject({ code: 'TOKEN_ISSUED_IN_FUTURE' });
  });

  describe('tampered variants', () => {
    const id = tokens.id_groups as string;
    const access = tokens.access_groups as string;

    it('a changed payload byte breaks the signature', async () => {
      freezeInside(id);
      const [h, p, s] = parts(id);
      const payload = decode(p);
      payload['cognito:groups'] = ['admins'];
      await expect(verifier('id', backend).verify(`${h}.${b64(payload)}.${s}`)).rejects.toMatchObject({
        code: 'TOKEN_SIGNATURE_INVALID',
      });
      // A single flipped character, too.
      const flipped = p.slice(0, 10) + (p[10] === 'A' ? 'B' : 'A') + p.slice(11);
      await expect(verifier('id', backend).verify(`${h}.${flipped}.${s}`)).rejects.toMatchObject({
        code: expect.stringMatching(/TOKEN_SIGNATURE_INVALID|TOKEN_MALFORMED/),
      });
    });

    it('a changed signature byte fails', async () => {
      freezeInside(id);
      const [h, p, s] = parts(id);
      const sig = Buffer.from(s, 'base64url');
      sig[100] = (sig[100] as number) ^ 0x01;
      await expect(verifier('id', backend).verify(`${h}.${p}.${sig.toString('base64url')}`)).rejects.toMatchObject({
        code: 'TOKEN_SIGNATURE_INVALID',
      });
    });

    it('a non-canonical signature spelling is refused', async () => {
      freezeInside(id);
      const [h, p, s] = parts(id);
      // 256 bytes encode to 342 chars with 4 spare bits: a different last char can decode to the same bytes.
      const last = s[s.length - 1] as string;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const twin = alphabet[alphabet.indexOf(last) + 1] as string;
      await expect(verifier('id', backend).verify(`${h}.${p}.${s.slice(0, -1)}${twin}`)).rejects.toMatchObject({
        code: 'TOKEN_MALFORMED',
      });
      await expect(verifier('id', backend).verify(`${h}.${p}.${s}=`)).rejects.toMatchObject({
        code: 'TOKEN_MALFORMED',
      });
    });

    it('alg "none" is refused', async () => {
      freezeInside(id);
      const [h, p] = parts(id);
      const header = { ...decode(h), alg: 'none' };
      await expect(verifier('id', backend).verify(`${b64(header)}.${p}.`)).rejects.toMatchObject({
        code: 'TOKEN_ALG_NOT_ALLOWED',
      });
      await expect(verifier('id', backend).verify(`${b64(header)}.${p}.${parts(id)[2]}`)).rejects.toMatchObject({
        code: 'TOKEN_ALG_NOT_ALLOWED',
      });
    });

    it('HS256 keyed with the public key is refused', async () => {
      freezeInside(id);
      const [h, p] = parts(id);
      const header = { ...decode(h), alg: 'HS256' };
      const jwk = jwks.keys.find((k) => k.kid === decode(h).kid) as JsonWebKey;
      const pem = createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      const input = `${b64(header)}.${p}`;
      const mac = createHmac('sha256', pem).update(input).digest('base64url');
      await expect(verifier('id', backend).verify(`${input}.${mac}`)).rejects.toMatchObject({
        code: 'TOKEN_ALG_NOT_ALLOWED',
      });
    });

    it('swapping the kid between the ID and access keys fails', async () => {
      freezeInside(id);
      const [h, p, s] = parts(id);
      const accessKid = decode(parts(access)[0]).kid;
      expect(accessKid).not.toBe(decode(h).kid);
      await expect(
        verifier('id', backend).verify(`${b64({ ...decode(h), kid: accessKid })}.${p}.${s}`),
      ).rejects.toMatchObject({ code: 'TOKEN_SIGNATURE_INVALID' });
    });

    it('an unknown kid fails without a key', async () => {
      freezeInside(id);
      const [h, p, s] = parts(id);
      await expect(
        verifier('id', backend).verify(`${b64({ ...decode(h), kid: 'forged' })}.${p}.${s}`),
      ).rejects.toMatchObject({ code: 'TOKEN_KID_UNKNOWN' });
    });

    it.each(['jku', 'x5u', 'jwk', 'x5c'])('a "%s" header is refused', async (name) => {
      freezeInside(id);
      const [h, p, s] = parts(id);
      await expect(
        verifier('id', backend).verify(`${b64({ ...decode(h), [name]: 'https://evil.example/keys' })}.${p}.${s}`),
      ).rejects.toMatchObject({
        code: 'TOKEN_HEADER_NOT_ALLOWED',
        claim: name,
      });
    });

    it('an ID token presented as an access token, and the reverse, are refused', async () => {
      freezeInside(id);
      await expect(verifier('access', backend).verify(id)).rejects.toMatchObject({ code: 'TOKEN_USE_MISMATCH' });
      vi.setSystemTime((claimsOf(access).iat + 60) * 1000);
      await expect(verifier('id', backend).verify(access)).rejects.toMatchObject({ code: 'TOKEN_USE_MISMATCH' });
    });

    it('a token for another app client is refused', async () => {
      freezeInside(id);
      await expect(verifier('id', backend, { clientId: 'someotherclient' }).verify(id)).rejects.toMatchObject({
        code: 'TOKEN_AUDIENCE_MISMATCH',
      });
      vi.setSystemTime((claimsOf(access).iat + 60) * 1000);
      await expect(verifier('access', backend, { clientId: ['a', 'b'] }).verify(access)).rejects.toMatchObject({
        code: 'TOKEN_CLIENT_ID_MISMATCH',
      });
    });

    it('a token from another pool is refused even with the same keys', async () => {
      freezeInside(id);
      await expect(verifier('id', backend, { userPoolId: 'us-west-2_OtherPool1' }).verify(id)).rejects.toMatchObject({
        code: 'TOKEN_ISSUER_MISMATCH',
      });
      await expect(verifier('id', backend, { userPoolId: 'eu-west-1_XRsUGkwyU' }).verify(id)).rejects.toMatchObject({
        code: 'TOKEN_ISSUER_MISMATCH',
      });
    });

    it('required groups and scopes are enforced', async () => {
      freezeInside(access);
      await expect(verifier('access', backend, { groups: ['admin-techsupport'] }).verify(access)).resolves.toBeTruthy();
      await expect(verifier('access', backend, { groups: 'admins' }).verify(access)).rejects.toMatchObject({
        code: 'TOKEN_GROUP_REQUIRED',
      });
      await expect(
        verifier('access', backend).verify(access, { scopes: ['aws.cognito.signin.user.admin'] }),
      ).resolves.toBeTruthy();
      await expect(verifier('access', backend).verify(access, { scopes: ['orders/read'] })).rejects.toMatchObject({
        code: 'TOKEN_SCOPE_REQUIRED',
      });
      const nogroups = tokens.access_nogroups as string;
      vi.setSystemTime((claimsOf(nogroups).iat + 60) * 1000);
      await expect(
        verifier('access', backend, { groups: ['admin-techsupport'] }).verify(nogroups),
      ).rejects.toMatchObject({ code: 'TOKEN_GROUP_REQUIRED' });
    });

    it('oversized and malformed tokens are refused before parsing', async () => {
      await expect(verifier('id', backend).verify(`${id}${'A'.repeat(20_000)}`)).rejects.toMatchObject({
        code: 'TOKEN_TOO_LARGE',
      });
      await expect(verifier('id', backend).verify('not.a-token')).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
      await expect(verifier('id', backend).verify('')).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
      await expect(verifier('id', backend).verify(42 as unknown as string)).rejects.toMatchObject({
        code: 'TOKEN_MALFORMED',
      });
    });

    it('errors never contain the token', async () => {
      freezeInside(id);
      const [h, p] = parts(id);
      const error = await verifier('access', backend)
        .verify(id)
        .catch((e: Error) => e);
      expect(String((error as Error).message)).not.toContain(p.slice(0, 20));
      expect(String((error as Error).message)).not.toContain(h.slice(0, 20));
    });
  });
});
