// The synchronous verification path (node:crypto, scratch buffers, second-sighting cache) gives the strict parser's
// verdicts and checks every claim on every call, cached or not.
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CognitoVerifier, createVerifier } from '../index.js';
import type { JsonWebKey, SignatureBackend } from './signature.js';

const POOL = 'us-east-1_HotPath01';
const CLIENT = 'hotpathclient0123456789abc';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
let jwks: { keys: JsonWebKey[] };
let sign: (claims?: Record<string, unknown>, lifetimeSeconds?: number) => Promise<string>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'hot', alg: 'RS256', use: 'sig' }] };
  let serial = 0;
  sign = (claims = {}, lifetimeSeconds = 3600) =>
    new SignJWT({ token_use: 'access', client_id: CLIENT, jti: `jti-${serial++}`, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'hot' })
      .setIssuer(ISSUER)
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
      .sign(privateKey);
});

afterEach(() => {
  vi.useRealTimers();
});

const verifier = (backend: SignatureBackend, cacheSize?: number): CognitoVerifier =>
  createVerifier({
    userPoolId: POOL,
    clientId: CLIENT,
    tokenUse: 'access',
    jwks,
    signatureBackend: backend,
    cacheSize,
  });
const split = (token: string) => token.split('.') as [string, string, string];

describe.each(['auto', 'webcrypto'] as const)('verification (%s signatures)', (backend) => {
  it('accepts a good token, many times, returning frozen claims', async () => {
    const token = await sign({ 'cognito:groups': ['readers'] });
    const v = verifier(backend);
    for (let i = 0; i < 3; i++) {
      const claims = await v.verify(token);
      expect(claims.sub).toBe('user-1');
      expect(Object.isFrozen(claims)).toBe(true);
      expect(Object.isFrozen(claims['cognito:groups'])).toBe(true);
    }
  });

  it('freezes every nested claim, whatever the JSON text looks like', async () => {
    const v = verifier(backend);
    const shapes: Record<string, unknown>[] = [
      { 'cognito:groups': ['a', 'b'], 'cognito:roles': ['arn:aws:iam::1:role/r'] },
      { 'cognito:groups': ['a'], identities: [{ providerName: 'Google', userId: '1' }] },
      { 'cognito:groups': ['a'], custom: { nested: { deeper: ['x'] } } },
      { name: 'a[b', 'cognito:groups': ['a'] },
      { name: 'a[b', other: ['x'] },
      { 'cognito:groups': 'not-a-list', other: ['x'] },
    ];
    const frozenThrough = (value: unknown): boolean =>
      typeof value !== 'object' ||
      value === null ||
      (Object.isFrozen(value) && Object.values(value).every(frozenThrough));
    for (const shape of shapes) {
      const claims = await v.verify(await sign(shape));
      expect(frozenThrough(claims), JSON.stringify(shape)).toBe(true);
      expect(claims).toMatchObject(shape);
    }
  });

  it('freezes every nested claim when Object.prototype carries a cognito:groups list (prototype pollution)', async () => {
    const v = verifier(backend);
    await v.verify(await sign());
    const token = await sign({ other: ['x'] });
    const polluted = Object.prototype as Record<string, unknown>;
    polluted['cognito:groups'] = ['polluted'];
    try {
      // The freezing hint read the inherited list as the token's own, so the token's one real list stayed mutable.
      const claims = await v.verify(token);
      expect(Object.isFrozen(claims.other)).toBe(true);
    } finally {
      delete polluted['cognito:groups'];
    }
  });

  it('checks a header that merely starts like the last accepted one on its own', async () => {
    const v = verifier(backend);
    const good = await sign();
    await v.verify(good);
    const [header, payload, signature] = split(good);
    // The accepted header's text followed by more: another header, parsed (and refused) rather than reused.
    const longer = `${header}${Buffer.from('{"alg":"none"}').toString('base64url')}`;
    await expect(v.verify(`${longer}.${payload}.${signature}`)).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: 'hot' })).toString('base64url');
    await expect(v.verify(`${none}.${payload}.${signature}`)).rejects.toMatchObject({ code: 'TOKEN_ALG_NOT_ALLOWED' });
    await expect(v.verify(good)).resolves.toMatchObject({ sub: 'user-1' });
  });

  it('checks the claims of a remembered token on every call: it expires while cached', async () => {
    const token = await sign({}, 60);
    const v = verifier(backend);
    await v.verify(token);
    await v.verify(token);
    await v.verify(token);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 120_000);
    await expect(v.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    await expect(v.verify(token, { scopes: 'admin' })).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses a remembered token a per-call requirement rules out', async () => {
    const token = await sign({ scope: 'openid' });
    const v = verifier(backend);
    await v.verify(token);
    await v.verify(token);
    await expect(v.verify(token, { scopes: 'admin' })).rejects.toMatchObject({ code: 'TOKEN_SCOPE_REQUIRED' });
    await expect(v.verify(token, { groups: 'admins' })).rejects.toMatchObject({ code: 'TOKEN_GROUP_REQUIRED' });
  });

  it('calls a payload spelled outside base64url malformed, as the strict parser does', async () => {
    const [h, p, s] = split(await sign());
    const v = verifier(backend);
    for (const spelled of [`${p.slice(0, 10)}!${p.slice(10)}`, `${p.slice(0, 10)}+${p.slice(11)}`, `${p}=`]) {
      await expect(v.verify(`${h}.${spelled}.${s}`)).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
    }
  });

  it('calls a signature spelled non-canonically malformed, and a tampered payload a bad signature', async () => {
    const token = await sign();
    const [h, p, s] = split(token);
    const v = verifier(backend);
    await v.verify(token);
    // 2048-bit signatures leave 2 spare bits in the last character: setting one gives a second spelling of the same bytes.
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(s.at(-1) as string);
    const respelled = `${s.slice(0, -1)}${'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[last | 1]}`;
    expect(respelled).not.toBe(s);
    await expect(v.verify(`${h}.${p}.${respelled}`)).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
    await expect(v.verify(`${h}.${p}.`)).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'user-2' }),
    ).toString('base64url');
    await expect(v.verify(`${h}.${tampered}.${s}`)).rejects.toMatchObject({ code: 'TOKEN_SIGNATURE_INVALID' });
  });

  it('calls a token with a character outside ASCII malformed, though its low byte spells the same token', async () => {
    const token = await sign();
    const [h, p, s] = split(token);
    const v = verifier(backend);
    await v.verify(token);
    // Node's base64 and latin1 coders read U+0100 + c as c: the same bytes, so the signature alone would pass it.
    const wide = (part: string, at: number) =>
      `${part.slice(0, at)}${String.fromCharCode(0x100 + part.charCodeAt(at))}${part.slice(at + 1)}`;
    for (const spelled of [`${h}.${wide(p, 5)}.${s}`, `${h}.${p}.${wide(s, 5)}`, `${wide(h, 5)}.${p}.${s}`]) {
      await expect(v.verify(spelled)).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
    }
    await expect(v.verify(`${token}.`)).rejects.toThrow(/three dot-separated parts/);
    await expect(v.verify(`${token}.${s}`)).rejects.toThrow(/three dot-separated parts/);
  });

  it('refuses a token that is not a string with TOKEN_MALFORMED, however full the cache is', async () => {
    const token = await sign();
    const fresh = verifier(backend);
    const busy = verifier(backend);
    for (let i = 0; i < 3; i++) await busy.verify(token);
    // A remembered token made the cache lookup read the input's characters first: a TypeError, not a token error.
    for (const input of [undefined, null, 42, {}, ['a.b.c']]) {
      const expected = await fresh.verify(input as never).catch((error: unknown) => error);
      expect(expected).toMatchObject({ code: 'TOKEN_MALFORMED' });
      await expect(busy.verify(input as never)).rejects.toEqual(expected);
    }
  });

  it('refuses a bad signature every time, however often it is shown', async () => {
    const [h, p, s] = split(await sign());
    const flipped = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
    const v = verifier(backend);
    for (let i = 0; i < 3; i++) {
      await expect(v.verify(flipped)).rejects.toMatchObject({ code: 'TOKEN_SIGNATURE_INVALID' });
    }
  });

  it('verifies distinct tokens with the cache off, and a refused header stays refused', async () => {
    const v = verifier(backend, 0);
    for (let i = 0; i < 3; i++) await expect(v.verify(await sign())).resolves.toMatchObject({ sub: 'user-1' });
    const [, p, s] = split(await sign());
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: 'hot' })).toString('base64url');
    for (let i = 0; i < 2; i++) {
      await expect(v.verify(`${none}.${p}.${s}`)).rejects.toMatchObject({ code: 'TOKEN_ALG_NOT_ALLOWED' });
    }
  });
});
