// A differential fuzz of token verification: the synchronous node:crypto path, the Web Crypto backend and the cache of
// a token seen twice must accept exactly the same tokens, refuse the rest with the same code and message, return
// deeply frozen claims, and accept no second spelling of a signed token. Deterministic (seeded), a few seconds.
import { generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CognitoVerifier, createVerifier } from './verify.js';
import { isCanonicalBase64Url } from './base64url.js';
import { type JsonWebKey, type VerifyKey, importVerifyKey } from './signature.js';
import type { JwksCache } from './jwks.js';
import { CognitoTokenError } from './errors.js';
import {
  ALPHABET,
  CLIENT,
  HEADER,
  KID,
  POOL,
  access,
  b64u,
  hostileJson,
  mutateChar,
  random,
  respell,
  shapes,
  signer,
} from '../../test/support/tokens.js';

const MAX = 65_536;

let jwks: { keys: JsonWebKey[] };
let signed: (header: string, payload: string) => string;

beforeAll(() => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  signed = signer(pair.privateKey);
  jwks = {
    keys: [{ ...(pair.publicKey.export({ format: 'jwk' }) as JsonWebKey), kid: KID, alg: 'RS256', use: 'sig' }],
  };
});

const verifiers = () => {
  const make = (signatureBackend: 'auto' | 'webcrypto', cacheSize: number): CognitoVerifier =>
    createVerifier({
      userPoolId: POOL,
      clientId: CLIENT,
      tokenUse: null,
      jwks,
      maxTokenLength: MAX,
      signatureBackend,
      cacheSize,
    });
  return { sync: make('auto', 0), webcrypto: make('webcrypto', 0), cached: make('auto', 1024) };
};

const frozenThrough = (value: unknown): boolean =>
  typeof value !== 'object' ||
  value === null ||
  (Object.isFrozen(value) && Reflect.ownKeys(value).every((name) => frozenThrough((value as never)[name])));

type Outcome = { accepted: string } | { code: string; message: string };
async function outcome(verifier: CognitoVerifier, token: string): Promise<Outcome & { claims?: unknown }> {
  try {
    const claims = await verifier.verify(token);
    return { accepted: JSON.stringify(claims), claims };
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
}

/** Compares the three paths on one token; returns a description of every disagreement. */
async function compare(v: ReturnType<typeof verifiers>, token: string, label: string): Promise<string[]> {
  const problems: string[] = [];
  const sync = await outcome(v.sync, token);
  const webcrypto = await outcome(v.webcrypto, token);
  await v.cached.verify(token).catch(() => undefined);
  await v.cached.verify(token).catch(() => undefined);
  const cached = await outcome(v.cached, token);
  const strip = ({ claims: _claims, ...rest }: Outcome & { claims?: unknown }) => JSON.stringify(rest);
  if (strip(sync) !== strip(webcrypto) || strip(sync) !== strip(cached)) {
    problems.push(
      `${label}: sync ${strip(sync).slice(0, 120)} / webcrypto ${strip(webcrypto).slice(0, 120)} / cached ${strip(cached).slice(0, 120)}`,
    );
  }
  for (const [path, result] of [
    ['sync', sync],
    ['webcrypto', webcrypto],
    ['cached', cached],
  ] as const) {
    if ('accepted' in result && !frozenThrough(result.claims))
      problems.push(`${label}: ${path} claims not deeply frozen`);
    // One spelling: every part of an accepted token is canonical base64url.
    if ('accepted' in result && !token.split('.').every(isCanonicalBase64Url)) {
      problems.push(`${label}: ${path} accepted a non-canonical spelling`);
    }
  }
  return problems;
}

describe('verification paths under a differential fuzz', () => {
  it('agree on every mutation of valid tokens, accept one spelling, freeze every claim', async () => {
    const rng = random(0x5eed);
    const v = verifiers();
    const problems: string[] = [];
    const bases = shapes().map((text) => signed(HEADER, b64u(text)));
    // Import the keys, so the synchronous path is the one the rest of the run takes.
    for (const verifier of Object.values(v)) await verifier.verify(bases[0] as string);
    let cases = 0;
    const check = async (token: string, label: string) => {
      cases++;
      problems.push(...(await compare(v, token, label)));
    };
    for (const [index, token] of bases.entries()) {
      const [h, p, s] = token.split('.') as [string, string, string];
      await check(token, `base ${index}`);
      expect('accepted' in (await outcome(v.sync, token)), `base ${index} is valid`).toBe(true);
      // Characters replaced, inserted, deleted anywhere (the signature then fails, or the token is malformed).
      for (let n = 0; n < 150; n++) await check(mutateChar(token, rng), `base ${index} char mutation ${n}`);
      // The same in the payload or header, signed again: a valid signature over hostile text.
      for (let n = 0; n < 12; n++) {
        const payload = mutateChar(p, rng);
        await check(signed(h, payload), `base ${index} signed payload mutation ${n}`);
        await check(signed(mutateChar(h, rng), p), `base ${index} signed header mutation ${n}`);
      }
      // Other spellings of each part, unsigned and (payload, header) signed again.
      for (const [n, spelled] of respell(p, rng).entries()) {
        await check(`${h}.${spelled}.${s}`, `base ${index} payload respelled ${n}`);
        await check(signed(h, spelled), `base ${index} payload respelled and signed ${n}`);
      }
      for (const [n, spelled] of respell(h, rng).entries()) {
        await check(`${spelled}.${p}.${s}`, `base ${index} header respelled ${n}`);
        await check(signed(spelled, p), `base ${index} header respelled and signed ${n}`);
      }
      for (const [n, spelled] of respell(s, rng).entries())
        await check(`${h}.${p}.${spelled}`, `base ${index} signature respelled ${n}`);
      // Hostile JSON with a valid signature.
      for (const [n, json] of hostileJson(Buffer.from(p, 'base64url').toString('utf8')).entries()) {
        await check(signed(h, b64u(json)), `base ${index} hostile json ${n}`);
      }
      // Parts swapped between tokens, and extra parts.
      const other = (bases[(index + 1) % bases.length] as string).split('.') as [string, string, string];
      for (const [n, swapped] of [
        `${h}.${other[1]}.${s}`,
        `${h}.${p}.${other[2]}`,
        `${other[0]}.${p}.${s}`,
        `${token}.`,
        `${token}.${s}`,
        `${h}.${p}.${s}.${p}`,
        `${h}.${p}`,
        `${h}..${s}`,
        `.${p}.${s}`,
      ].entries()) {
        await check(swapped, `base ${index} parts ${n}`);
      }
    }
    expect(problems.slice(0, 15), `${problems.length} problems in ${cases} cases`).toEqual([]);
    expect(cases).toBeGreaterThan(2000);
  });

  it('refuses a signature shortened by its leading zero byte on every path (RSA wants the modulus length)', async () => {
    const v = verifiers();
    for (const verifier of Object.values(v)) await verifier.verify(signed(HEADER, b64u(JSON.stringify(access(0)))));
    let shortened: string | undefined;
    for (let serial = 1; !shortened; serial++) {
      const [h, p, s] = signed(HEADER, b64u(JSON.stringify(access(serial)))).split('.') as [string, string, string];
      const signature = Buffer.from(s, 'base64url');
      if (signature[0] === 0) shortened = `${h}.${p}.${b64u(signature.subarray(1))}`;
    }
    expect(await compare(v, shortened, 'shortened')).toEqual([]);
    await expect(v.sync.verify(shortened)).rejects.toMatchObject({ code: 'TOKEN_SIGNATURE_INVALID' });
  });

  it('headers the strict parser refuses, signed, are refused alike (alg, key-choosing headers, kid)', async () => {
    const v = verifiers();
    const [, p] = signed(HEADER, b64u(JSON.stringify(access(99)))).split('.') as [string, string];
    const problems: string[] = [];
    for (const header of [
      { alg: 'none', kid: KID },
      { alg: 'RS256' },
      { alg: 'RS256', kid: '' },
      { alg: 'RS256', kid: 'unknown' },
      { alg: 'RS256', kid: KID, jku: 'https://evil.example/jwks.json' },
      { alg: 'RS256', kid: KID, crit: ['exp'] },
      { alg: 'RS256', kid: KID, typ: 'JWT' },
      { alg: 'RS384', kid: KID },
    ]) {
      problems.push(...(await compare(v, signed(b64u(JSON.stringify(header)), p), JSON.stringify(header))));
    }
    expect(problems).toEqual([]);
  });
});

// What the fuzz found, one case each: each failed before the fix beside it.
describe('verification paths on what the fuzz found', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  const everyPath = async (token: string) => {
    const v = verifiers();
    for (const verifier of Object.values(v)) await verifier.verify(signed(HEADER, b64u('{}'))).catch(() => undefined);
    const results = [];
    for (const verifier of [v.sync, v.webcrypto, v.cached, v.cached, v.cached])
      results.push(await outcome(verifier, token));
    return results.map(({ claims: _claims, ...rest }) => rest);
  };
  const malformedPayload = { code: 'TOKEN_MALFORMED', message: 'The token payload is not base64url-encoded JSON.' };

  it('refuses a payload spelled other than canonical base64url on every path, though the signature covers it', async () => {
    // A payload whose encoding has spare bits (length 2 mod 4), so standard base64 pads it and the last character
    // has spellings that decode to the same bytes.
    let name = 'José';
    while (b64u(JSON.stringify(access(200, { name }))).length % 4 !== 2) name += 'x';
    const text = JSON.stringify(access(200, { 'cognito:groups': ['readers'], name, note: '~~~' }));
    const canonical = b64u(text);
    const last = ALPHABET.indexOf(canonical.at(-1) as string);
    for (const spelled of [
      Buffer.from(text).toString('base64'),
      `${canonical}==`,
      `${canonical.slice(0, -1)}${ALPHABET[last + 1]}`,
      `${canonical.slice(0, 40)} ${canonical.slice(40)}`,
      `${canonical.slice(0, 40)}\n${canonical.slice(40)}`,
    ]) {
      // The synchronous path decoded the payload without a spelling check and trusted the signature: it accepted these.
      expect(await everyPath(signed(HEADER, spelled))).toEqual(Array(5).fill(malformedPayload));
    }
  });

  it('gives one verdict on payload bytes that are not UTF-8, or start with a BOM, at any token length', async () => {
    for (const blob of [0, 20_000]) {
      const inner = JSON.stringify(access(300, { 'custom:blob': 'x'.repeat(blob) })).slice(1, -1);
      for (const bytes of [
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{${inner}}`)]),
        Buffer.concat([Buffer.from(`{${inner},"bad":"`), Buffer.from([0xff]), Buffer.from('"}')]),
        Buffer.concat([Buffer.from(`{${inner},"bad":"`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
      ]) {
        // Over the scratch space the synchronous path decoded with TextDecoder (which strips a BOM and refuses bad
        // bytes) while the strict parser used Buffer (which keeps the BOM and reads bad bytes as U+FFFD).
        expect(await everyPath(signed(HEADER, b64u(bytes))), `blob ${blob}`).toEqual(Array(5).fill(malformedPayload));
      }
      const replacement = await everyPath(signed(HEADER, b64u(`{${inner},"ok":"\uFFFD"}`)));
      expect(replacement.every((result) => 'accepted' in result && result.accepted.includes('\uFFFD'))).toBe(true);
    }
  });

  it('decodes a JSON part the same way where there is no Buffer (edge runtimes)', async () => {
    const { decodeJsonPart } = await import('./base64url.js');
    vi.resetModules();
    vi.stubGlobal('Buffer', undefined);
    const edge = await import('./base64url.js');
    vi.unstubAllGlobals();
    const parts = [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]),
      Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff]), Buffer.from('"}')]),
      Buffer.from('{"a":"\uFFFD"}'),
      Buffer.from('{"a":"José"}'),
    ].map((bytes) => bytes.toString('base64url'));
    // On edge runtimes TextDecoder stripped a leading BOM: a payload Node refused was accepted there.
    expect(parts.map((part) => edge.decodeJsonPart(part))).toEqual(parts.map((part) => decodeJsonPart(part)));
    expect(parts.map((part) => decodeJsonPart(part) !== undefined)).toEqual([false, false, true, true]);
  });

  it('refuses a deeply nested payload with a bad signature as a bad signature on every path, and freezes a signed one', async () => {
    const depth = Math.floor(((MAX - 400) * 3) / 8) - 20;
    const payload = b64u(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    const unsigned = `${HEADER}.${payload}.${signed(HEADER, payload)
      .split('.')[2]
      ?.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`;
    // The synchronous path froze the claims before the signature check, recursively: a RangeError from a token anyone
    // can write (the stack ran out), where the other paths said TOKEN_SIGNATURE_INVALID.
    const badSignature = {
      code: 'TOKEN_SIGNATURE_INVALID',
      message: "The token's signature does not match the pool's signing key.",
    };
    expect(await everyPath(unsigned)).toEqual(Array(5).fill(badSignature));
    const v = verifiers();
    const signedDepth = depth - 400;
    const text = `${JSON.stringify(access(600)).slice(0, -1)},"a":${'['.repeat(signedDepth)}${']'.repeat(signedDepth)}}`;
    for (const verifier of [v.sync, v.webcrypto, v.cached, v.cached, v.cached]) {
      const claims = await verifier.verify(signed(HEADER, b64u(text)));
      let level = 0;
      for (let list = claims.a as unknown[] | undefined; list; list = list[0] as unknown[] | undefined, level++) {
        expect(Object.isFrozen(list)).toBe(true);
      }
      expect(level).toBe(signedDepth);
    }
  });

  it('does not remember a token whose key left the JWKS while its signature was being checked', async () => {
    // A key cache (the pluggable interface) whose signature checks wait at a gate: a refetch can land mid-check.
    const real = await importVerifyKey(jwks.keys[0] as JsonWebKey, 'webcrypto');
    let gate: Promise<void> = Promise.resolve();
    const key: VerifyKey = {
      kid: KID,
      verify: async (input, signature) => (await gate, real.verify(input, signature)),
    };
    const keys = new Map([[KID, key]]);
    const listeners: ((kids: string[]) => void)[] = [];
    const cache: JwksCache = {
      peekKey: (kid) => keys.get(kid),
      getKey: async (kid) => {
        const found = keys.get(kid);
        if (!found)
          throw new CognitoTokenError('TOKEN_KID_UNKNOWN', "The token's kid is not one of the pool's signing keys.");
        return found;
      },
      onKeysRemoved: (listener) => void listeners.push(listener),
      fetchCount: 1,
    };
    const v = createVerifier({ userPoolId: POOL, clientId: CLIENT, tokenUse: null, jwks: cache });
    const token = signed(HEADER, b64u(JSON.stringify(access(700))));
    await v.verify(token);
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => (open = resolve));
    const second = v.verify(token);
    // The pool drops the key (a refetch after a rotation) while the second sighting's check is under way.
    keys.delete(KID);
    for (const listener of listeners) listener([KID]);
    open();
    await second;
    // The second sighting was remembered after the removal had cleared the cache: the token then skipped the key lookup.
    await expect(v.verify(token)).rejects.toMatchObject({ code: 'TOKEN_KID_UNKNOWN' });
  });

  it('keeps each verification to its own bytes while another waits for the JWKS', async () => {
    const second = generateKeyPairSync('rsa', { modulusLength: 2048 });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A verifier whose JWKS fetch is held open: its token waits while others verify on the synchronous path.
    const fetching = createVerifier({
      userPoolId: POOL,
      clientId: CLIENT,
      tokenUse: null,
      jwksUri: 'https://jwks.example/keys',
      fetch: async () => {
        await gate;
        const jwk = {
          ...(second.publicKey.export({ format: 'jwk' }) as JsonWebKey),
          kid: 'late',
          alg: 'RS256',
          use: 'sig',
        };
        return new Response(JSON.stringify({ keys: [...jwks.keys, jwk] }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const lateHeader = b64u(JSON.stringify({ kid: 'late', alg: 'RS256' }));
    const latePayload = b64u(JSON.stringify(access(400, { 'cognito:groups': ['late'] })));
    const lateInput = `${lateHeader}.${latePayload}`;
    const late = `${lateInput}.${rsaSign('sha256', Buffer.from(lateInput), second.privateKey).toString('base64url')}`;
    const waiting = fetching.verify(late);
    const busy = verifiers().sync;
    await busy.verify(signed(HEADER, b64u(JSON.stringify(access(401))))).catch(() => undefined);
    for (let n = 0; n < 20; n++) {
      const claims = await busy.verify(
        signed(HEADER, b64u(JSON.stringify(access(500 + n, { 'cognito:groups': [`g${n}`] })))),
      );
      expect(claims['cognito:groups']).toEqual([`g${n}`]);
    }
    release();
    const claims = await waiting;
    expect(claims['cognito:groups']).toEqual(['late']);
    expect(claims.sub).toBe(access(400).sub);
  });
});
