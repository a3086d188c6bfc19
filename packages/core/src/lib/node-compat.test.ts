// Core takes Node's fast paths only where the runtime's Buffer and node:crypto behave as Node's do: a polyfill without
// Buffer's internals, a compat layer that decodes differently or lacks a crypto function must give Node's verdicts
// through the Web path instead.
import * as nodeCrypto from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JsonWebKey } from './signature.js';
import {
  CLIENT,
  HEADER,
  KID,
  POOL,
  access,
  b64u,
  hostileJson,
  id,
  respell,
  random,
  signer,
} from '../../test/support/tokens.js';

type NodeBytes = Buffer & {
  latin1Write(text: string, at: number, max: number): number;
  latin1Slice(start: number, end: number): string;
  base64urlWrite(text: string, at: number, max: number): number;
};
// Node's own, kept: the global is stubbed while verify.js loads.
const NodeBuffer = Buffer;

/** Node's Buffer with some of the internals core's fast path calls replaced on every buffer it allocates. */
function compatBuffer(replace: (bytes: NodeBytes) => Record<string, unknown>): unknown {
  return Object.assign(function CompatBuffer() {}, {
    from: (...args: unknown[]) => (NodeBuffer.from as (...args: unknown[]) => Buffer)(...args),
    allocUnsafeSlow: (size: number) => {
      const bytes = NodeBuffer.allocUnsafeSlow(size) as NodeBytes;
      return Object.assign(bytes, replace(bytes));
    },
  });
}

const BUFFERS: Record<string, () => unknown> = {
  // What a bundle's Node-globals polyfill makes global: no utf8Write, base64urlWrite or utf8Slice, no 'base64url'.
  'the buffer package': () => createRequire(import.meta.url)('buffer/').Buffer,
  // A compat layer whose UTF-8 writer reads a wide char (U+0100 + c) as c, as a latin1 writer does.
  'a utf8Write that writes latin1': () =>
    compatBuffer((bytes) => ({
      utf8Write: (text: string, at: number, max: number) => bytes.latin1Write(text, at, max),
    })),
  // A compat layer whose UTF-8 reader never answers U+FFFD (bytes that are not UTF-8 read as latin1).
  'a utf8Slice that reads latin1': () =>
    compatBuffer((bytes) => ({ utf8Slice: (start: number, end: number) => bytes.latin1Slice(start, end) })),
  // A compat layer whose base64 writer reads a character outside the alphabets as 'A' instead of skipping it.
  'a base64urlWrite that reads any character': () =>
    compatBuffer((bytes) => {
      const write = bytes.base64urlWrite.bind(bytes);
      return {
        base64urlWrite: (text: string, at: number, max: number) => write(text.replace(/[^\w+/-]/g, 'A'), at, max),
      };
    }),
  'no Buffer at all': () => undefined,
};

let jwks: { keys: JsonWebKey[] };
let tokens: Record<string, string>;

beforeAll(() => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  jwks = {
    keys: [{ ...(pair.publicKey.export({ format: 'jwk' }) as JsonWebKey), kid: KID, alg: 'RS256', use: 'sig' }],
  };
  const signed = signer(pair.privateKey);
  const valid = signed(HEADER, b64u(JSON.stringify(access(1, { name: 'José 山田 😀' }))));
  const [h, p, s] = valid.split('.') as [string, string, string];
  const wide = (part: string, at: number) =>
    `${part.slice(0, at)}${String.fromCharCode(0x100 + part.charCodeAt(at))}${part.slice(at + 1)}`;
  tokens = {
    valid,
    'ID token': signed(HEADER, b64u(JSON.stringify(id(2, { 'cognito:groups': ['readers'] })))),
    'wide char in the payload': `${h}.${wide(p, 20)}.${s}`,
    'wide char in the header': `${wide(h, 5)}.${p}.${s}`,
    'wide char in the signature': `${h}.${p}.${wide(s, 30)}`,
    'wide char, signed': signed(h, wide(p, 20)),
    'a space in the payload, signed': signed(h, `${p.slice(0, 21)} ${p.slice(22)}`),
    'a space in the signature': `${h}.${p}.${s.slice(0, 30)} ${s.slice(31)}`,
  };
  for (const [n, json] of hostileJson(Buffer.from(p, 'base64url').toString('utf8')).entries()) {
    tokens[`hostile json ${n}`] = signed(h, b64u(json));
  }
  for (const [n, spelled] of respell(p, random(7)).entries()) tokens[`respelled ${n}`] = signed(h, spelled);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

// node:crypto as a compat layer may offer it: what core finds through process.getBuiltinModule.
const CRYPTOS: Record<string, Record<string, unknown>> = {
  'a node:crypto without createPublicKey': { verify: nodeCrypto.verify },
  'a node:crypto that cannot import a JWK': {
    verify: nodeCrypto.verify,
    createPublicKey: () => {
      throw new TypeError('Unsupported key format: jwk');
    },
  },
};

/**
 * Each token's verdict, three times (the third from the cache), from a verify.js loaded under the global Buffer or
 * the node:crypto given.
 */
async function verdicts(stub: { buffer?: () => unknown; crypto?: Record<string, unknown> } = {}) {
  vi.resetModules();
  if (stub.buffer) vi.stubGlobal('Buffer', stub.buffer());
  const getBuiltinModule = process.getBuiltinModule.bind(process);
  if (stub.crypto) {
    vi.spyOn(process, 'getBuiltinModule').mockImplementation(((name: string) =>
      name === 'node:crypto' ? stub.crypto : getBuiltinModule(name)) as typeof process.getBuiltinModule);
  }
  const { createVerifier } = await import('./verify.js');
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  const verifier = createVerifier({ userPoolId: POOL, clientId: CLIENT, tokenUse: null, jwks });
  // The key imported, so the rest take the synchronous node:crypto path where there is one.
  await verifier.verify(tokens.valid as string);
  const out: Record<string, string[]> = {};
  for (const [label, token] of Object.entries(tokens)) {
    out[label] = [];
    for (let sighting = 0; sighting < 3; sighting++) {
      out[label].push(
        await verifier.verify(token).then(
          (claims) => JSON.stringify(claims),
          (error: Error & { code?: string }) => `${error.name} ${error.code} ${error.message}`,
        ),
      );
    }
  }
  return out;
}

describe('the path core takes', () => {
  const pathWith = async (buffer?: () => unknown) => {
    vi.resetModules();
    if (buffer) vi.stubGlobal('Buffer', buffer());
    return (await import('./base64url.js')).bufferPath;
  };

  it("is Node's fast path on Node, and the Web path or Buffer's documented API where the Buffer differs", async () => {
    expect(await pathWith()).toBe('internals');
    expect(await pathWith(BUFFERS['the buffer package'])).toBe('web');
    expect(await pathWith(BUFFERS['no Buffer at all'])).toBe('web');
    for (const name of Object.keys(BUFFERS).filter((name) => name.startsWith('a '))) {
      expect(await pathWith(BUFFERS[name]), name).toBe('buffer');
    }
  });
});

describe('verification under a global Buffer that is not Node’s', () => {
  for (const [name, buffer] of Object.entries(BUFFERS)) {
    it(`gives Node's verdict on every token with ${name}`, async () => {
      const node = await verdicts();
      expect(node['wide char in the payload']?.[0]).toMatch(/^CognitoTokenError TOKEN_MALFORMED/);
      expect(node['hostile json 21']?.[0]).toMatch(/^CognitoTokenError TOKEN_MALFORMED/);
      expect(await verdicts({ buffer })).toEqual(node);
    });
  }
});

describe('verification under a node:crypto that is not Node’s', () => {
  for (const [name, crypto] of Object.entries(CRYPTOS)) {
    it(`gives Node's verdict on every token with ${name}`, async () => {
      expect(await verdicts({ crypto })).toEqual(await verdicts());
    });
  }
});
