// The JWKS cache against a real local HTTP server: one fetch in flight, rate-limited refetches, outages survived.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createJwksCache } from './jwks.js';
import { createVerifier } from './verify.js';

const POOL = 'us-east-1_TestPool1';
let server: Server;
let issuer: string;
let requests = 0;
let mode: 'ok' | 'fail' | 'slow' = 'ok';
let published: object[] = [];

async function makeKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}
type Key = Awaited<ReturnType<typeof makeKey>>;

function sign(key: Key, claims: Record<string, unknown> = {}) {
  return new SignJWT({ token_use: 'access', client_id: 'client1', username: 'alice', scope: 'openid', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer(issuer)
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);
}

let keyA: Key;
let keyB: Key;

beforeAll(async () => {
  [keyA, keyB] = await Promise.all([makeKey('key-a'), makeKey('key-b')]);
  server = createServer((req, res) => {
    requests++;
    if (mode === 'fail') return res.writeHead(500).end('boom');
    const send = () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    if (mode === 'slow') setTimeout(send, 100);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${POOL}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const reset = (keys: Key[], m: typeof mode = 'ok') => {
  published = keys.map((k) => k.jwk);
  requests = 0;
  mode = m;
};

describe('JWKS cache', () => {
  it('fetches once for many concurrent verifications', async () => {
    reset([keyA], 'slow');
    const verifier = createVerifier({
      userPoolId: POOL,
      issuer,
      clientId: 'client1',
      tokenUse: 'access',
      cacheSize: 0,
    });
    const token = await sign(keyA);
    const results = await Promise.all(Array.from({ length: 25 }, () => verifier.verify(token)));
    expect(results).toHaveLength(25);
    expect(requests).toBe(1);
  });

  it('rate-limits refetches caused by forged kids', async () => {
    reset([keyA]);
    const verifier = createVerifier({ userPoolId: POOL, issuer, clientId: 'client1', tokenUse: 'access' });
    await verifier.verify(await sign(keyA));
    const forged = await Promise.all(Array.from({ length: 50 }, (_, i) => sign({ ...keyB, kid: `forged-${i}` })));
    const outcomes = await Promise.allSettled(forged.map((t) => verifier.verify(t)));
    expect(
      outcomes.every((o) => o.status === 'rejected' && (o.reason as { code: string }).code === 'TOKEN_KID_UNKNOWN'),
    ).toBe(true);
    expect(requests).toBe(1);
  });

  it('picks up a rotated key once the refetch interval allows', async () => {
    reset([keyA]);
    const jwks = createJwksCache({ uri: `${issuer}/.well-known/jwks.json`, minRefetchIntervalMs: 0 });
    const verifier = createVerifier({ userPoolId: POOL, issuer, clientId: 'client1', tokenUse: 'access', jwks });
    await verifier.verify(await sign(keyA));
    published = [keyA.jwk, keyB.jwk];
    await expect(verifier.verify(await sign(keyB))).resolves.toMatchObject({ sub: 'user-1' });
    expect(jwks.fetchCount).toBe(2);
  });

  it('keeps working on cached keys during a JWKS outage', async () => {
    reset([keyA]);
    const jwks = createJwksCache({ uri: `${issuer}/.well-known/jwks.json`, minRefetchIntervalMs: 0 });
    const verifier = createVerifier({
      userPoolId: POOL,
      issuer,
      clientId: 'client1',
      tokenUse: 'access',
      jwks,
      cacheSize: 0,
    });
    await verifier.verify(await sign(keyA));
    mode = 'fail';
    await expect(verifier.verify(await sign(keyA))).resolves.toBeTruthy();
    await expect(verifier.verify(await sign(keyB))).rejects.toMatchObject({ code: 'TOKEN_KID_UNKNOWN' });
  });

  it('reports an unreachable pool as JWKS_UNAVAILABLE', async () => {
    reset([keyA], 'fail');
    const verifier = createVerifier({ userPoolId: POOL, issuer, clientId: 'client1', tokenUse: 'access' });
    await expect(verifier.verify(await sign(keyA))).rejects.toMatchObject({ code: 'JWKS_UNAVAILABLE' });
  });

  it('drops remembered tokens signed by a key that was removed', async () => {
    reset([keyA, keyB]);
    const jwks = createJwksCache({ uri: `${issuer}/.well-known/jwks.json`, minRefetchIntervalMs: 0 });
    const verifier = createVerifier({ userPoolId: POOL, issuer, clientId: 'client1', tokenUse: 'access', jwks });
    const tokenA = await sign(keyA);
    await verifier.verify(tokenA);
    published = [keyB.jwk];
    const keyC = await makeKey('key-c');
    await expect(verifier.verify(await sign(keyC))).rejects.toMatchObject({ code: 'TOKEN_KID_UNKNOWN' });
    await expect(verifier.verify(tokenA)).rejects.toMatchObject({ code: 'TOKEN_KID_UNKNOWN' });
  });

  it('checks claims on every call even when the signature is remembered', async () => {
    reset([keyA]);
    const verifier = createVerifier({ userPoolId: POOL, issuer, clientId: 'client1', tokenUse: 'access' });
    const token = await sign(keyA, { scope: 'openid' });
    await verifier.verify(token);
    await expect(verifier.verify(token, { scopes: ['admin'] })).rejects.toMatchObject({ code: 'TOKEN_SCOPE_REQUIRED' });
    const claims = await verifier.verify(token);
    expect(Object.isFrozen(claims)).toBe(true);
  });

  it('refuses an access token that carries aud', async () => {
    reset([keyA]);
    const verifier = createVerifier({ userPoolId: POOL, issuer, clientId: 'client1', tokenUse: 'access' });
    await expect(verifier.verify(await sign(keyA, { aud: 'client1' }))).rejects.toMatchObject({
      code: 'TOKEN_CLAIM_INVALID',
      claim: 'aud',
    });
  });
});

describe('JWKS cache on a kid republished with other key material', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('verifies with the new key, and forgets tokens the old one verified', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // Two keys under one kid: a pool's key replaced without a new kid.
    const [before, after, other] = await Promise.all([makeKey('key-a'), makeKey('key-a'), makeKey('key-other')]);
    let keys = [before.jwk];
    const jwks = createJwksCache({ uri: 'https://jwks.example/keys.json', fetch: async () => Response.json({ keys }) });
    const verifier = createVerifier({ userPoolId: POOL, issuer, clientId: 'client1', tokenUse: 'access', jwks });
    const old = await sign(before);
    // Seen twice, so remembered: its third sighting would skip the key lookup.
    await verifier.verify(old);
    await verifier.verify(old);
    keys = [after.jwk, other.jwk];
    vi.setSystemTime(Date.now() + 10_001);
    // A token under an unknown kid refetches the JWKS once the refetch interval allows.
    await expect(verifier.verify(await sign(other))).resolves.toMatchObject({ sub: 'user-1' });
    expect(jwks.fetchCount).toBe(2);
    await expect(verifier.verify(await sign(after))).resolves.toMatchObject({ sub: 'user-1' });
    await expect(verifier.verify(old)).rejects.toMatchObject({ code: 'TOKEN_SIGNATURE_INVALID' });
  });

  it('keeps the imported key, and the tokens it verified, while its material stays the same', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const [kept, other] = await Promise.all([makeKey('key-a'), makeKey('key-other')]);
    let keys = [kept.jwk];
    const jwks = createJwksCache({ uri: 'https://jwks.example/keys.json', fetch: async () => Response.json({ keys }) });
    const verifier = createVerifier({ userPoolId: POOL, issuer, clientId: 'client1', tokenUse: 'access', jwks });
    await verifier.verify(await sign(kept));
    const imported = jwks.peekKey('key-a');
    keys = [{ ...kept.jwk }, other.jwk];
    vi.setSystemTime(Date.now() + 10_001);
    await verifier.verify(await sign(other));
    expect(jwks.fetchCount).toBe(2);
    expect(jwks.peekKey('key-a')).toBe(imported);
  });
});
