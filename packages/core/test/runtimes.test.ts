// Core's built output in the real runtimes its README names (Bun, Deno, workerd via miniflare), each a child process
// given the same tokens as Node: every verdict must be Node's, never a crash, never a second spelling accepted.
import { execFile } from 'node:child_process';
import { createHash, createHmac, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonWebKey, unseal } from '@cognito-connect/core';
import {
  CLIENT,
  HEADER,
  ISSUER,
  KID,
  POOL,
  access,
  b64u,
  hostileJson,
  id,
  mutateChar,
  now,
  random,
  respell,
  shapes,
  signer,
} from './support/tokens.js';

const run = promisify(execFile);
const bin = (name: string) => fileURLToPath(new URL(`../../../node_modules/.bin/${name}`, import.meta.url));
const main = fileURLToPath(new URL('./support/runtime-main.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const runner = fileURLToPath(new URL('./support/runtime-runner.mjs', import.meta.url));
const base64url = fileURLToPath(new URL('../src/lib/base64url.ts', import.meta.url));
const SECRET = 'runtime-suite-transaction-secret-0123456789';

/** A runtime binary from the root devDependencies; with CI set a missing one fails the suite instead of skipping it. */
function runtimeBinary(name: string): string | undefined {
  const path = bin(name);
  if (existsSync(path)) return path;
  const message = `${name} is required for the runtime suite but ${path} is missing: npm install (root devDependency "${name}")`;
  if (process.env.CI) throw new Error(message);
  console.warn(`[runtime suite: ${name} skipped] ${message}`);
  return undefined;
}
const bun = runtimeBinary('bun');
const deno = runtimeBinary('deno');

type Outcome = { claims: string; frozen: boolean } | { code?: string; name?: string; message: string };
interface RunResult {
  runtime: { version?: string; buffer: boolean; nodeCrypto: boolean; bufferPath: string };
  verdicts: Record<'auto' | 'webcrypto', Outcome[]>[];
  login: { url: string; transaction: string };
}
interface Case {
  label: string;
  token: string;
  use: 'access' | 'id' | null;
  /** The code every path must refuse it with, or 'valid'. Unset for fuzzed cases: Node's verdict is the reference. */
  expect?: string;
}

let dir: string;
let inputFile: string;
/** Core's base64url module alone, whose bufferPath tells which decoding path a runtime takes. */
let probe: string;
let input: { pool: string; client: string; jwks: { keys: JsonWebKey[] }; warmup: string; cases: Omit<Case, 'label'>[] };
let cases: Case[];
let node: RunResult;
/** The versions of Bun and Deno the suite ran (the README must name them). */
const versions: Record<string, string> = {};

/** Named attacks (each with the code it must get) plus a seeded sample of the differential fuzz's hostile tokens. */
function makeCases(signed: (header: string, payload: string) => string, publicJwk: JsonWebKey): Case[] {
  const list: Case[] = [];
  const add = (label: string, token: string, use: Case['use'], expected?: string) =>
    list.push({ label, token, use, ...(expected ? { expect: expected } : {}) });
  const token = (claims: object, header = HEADER) => signed(header, b64u(JSON.stringify(claims)));
  const validAccess = token(access(1, { 'cognito:groups': ['admins'] }));
  const validId = token(id(2, { name: 'José Müller', nickname: '山田 😀', 'cognito:groups': ['readers'] }));
  add('access token', validAccess, 'access', 'valid');
  add('ID token', validId, 'id', 'valid');
  const tampered = `${validAccess.slice(0, -6)}${validAccess.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA'}`;
  add('wrong signature', tampered, 'access', 'TOKEN_SIGNATURE_INVALID');
  add(
    "another token's signature",
    `${validAccess.slice(0, validAccess.lastIndexOf('.'))}.${validId.split('.')[2]}`,
    'access',
    'TOKEN_SIGNATURE_INVALID',
  );
  add('expired', token(access(3, { exp: now() - 3600 })), 'access', 'TOKEN_EXPIRED');
  add('wrong iss', token(access(4, { iss: `${ISSUER}x` })), 'access', 'TOKEN_ISSUER_MISMATCH');
  add('wrong aud', token(id(5, { aud: 'another-client' })), 'id', 'TOKEN_AUDIENCE_MISMATCH');
  add('wrong client_id', token(access(6, { client_id: 'another-client' })), 'access', 'TOKEN_CLIENT_ID_MISMATCH');
  add('ID token as access token', validId, 'access', 'TOKEN_USE_MISMATCH');
  add('access token as ID token', validAccess, 'id', 'TOKEN_USE_MISMATCH');
  add('oversized', token(access(7, { blob: 'x'.repeat(16_384) })), 'access', 'TOKEN_TOO_LARGE');
  const [h, p] = validAccess.split('.') as [string, string, string];
  const none = b64u(JSON.stringify({ alg: 'none', kid: KID }));
  add('alg none, no signature', `${none}.${p}.`, 'access', 'TOKEN_ALG_NOT_ALLOWED');
  add('alg none, signed', signed(none, p), 'access', 'TOKEN_ALG_NOT_ALLOWED');
  const hs = b64u(JSON.stringify({ alg: 'HS256', kid: KID }));
  // The classic confusion: HMAC keyed with the public key's modulus.
  const hmac = createHmac('sha256', publicJwk.n as string)
    .update(`${hs}.${p}`)
    .digest('base64url');
  add('alg HS256 keyed with the public key', `${hs}.${p}.${hmac}`, 'access', 'TOKEN_ALG_NOT_ALLOWED');
  // Non-canonical base64url payloads: signed over the other spelling, and with the canonical spelling's signature.
  const rng = random(0x2a7);
  for (const [n, spelled] of respell(p, rng).entries()) {
    const expected = spelled === p ? 'valid' : 'TOKEN_MALFORMED';
    add(`payload respelled and signed ${n}`, signed(h, spelled), 'access', expected);
    add(`payload respelled ${n}`, `${h}.${spelled}.${validAccess.split('.')[2]}`, 'access');
  }
  // A wide char (U+0100 + c) for a payload char c: Node's base64 decoder reads it as c, by its low byte.
  for (const at of [0, 17, p.length - 1]) {
    const wide = `${p.slice(0, at)}${String.fromCharCode(0x100 + p.charCodeAt(at))}${p.slice(at + 1)}`;
    add(`wide char at ${at}, signed`, signed(h, wide), 'access', 'TOKEN_MALFORMED');
    add(`wide char at ${at}`, `${h}.${wide}.${validAccess.split('.')[2]}`, 'access', 'TOKEN_MALFORMED');
  }
  const s = validAccess.split('.')[2] as string;
  add(
    'wide char in the signature',
    `${h}.${p}.${s.slice(0, 9)}${String.fromCharCode(0x100 + s.charCodeAt(9))}${s.slice(10)}`,
    'access',
  );
  // Invalid UTF-8, a BOM, duplicate claims, prototype keys...: hostile JSON with a valid signature.
  // (20: a BOM, 21-23: bytes that are not UTF-8; 24: a real U+FFFD, which is valid.)
  const verdict = (n: number) => (n >= 20 && n <= 23 ? 'TOKEN_MALFORMED' : n === 24 ? 'valid' : undefined);
  for (const [n, json] of hostileJson(Buffer.from(p, 'base64url').toString('utf8')).entries()) {
    add(`hostile json ${n}`, signed(h, b64u(json)), 'access', verdict(n));
  }
  // A seeded sample of the fuzz on every shape (the whole fuzz runs in Node: verify-fuzz.test.ts).
  for (const [index, text] of shapes().entries()) {
    const base = signed(HEADER, b64u(text));
    const [bh, bp] = base.split('.') as [string, string];
    add(`shape ${index}`, base, null, index < 7 ? 'valid' : 'TOKEN_TOO_LARGE');
    const small = base.length < 4096;
    for (let n = 0; n < (small ? 40 : 4); n++) add(`shape ${index} char mutation ${n}`, mutateChar(base, rng), null);
    for (let n = 0; n < (small ? 8 : 2); n++) {
      add(`shape ${index} signed payload mutation ${n}`, signed(bh, mutateChar(bp, rng)), null);
      add(`shape ${index} signed header mutation ${n}`, signed(mutateChar(bh, rng), bp), null);
    }
  }
  return list;
}

beforeAll(async () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(pair.publicKey.export({ format: 'jwk' }) as JsonWebKey), kid: KID, alg: 'RS256', use: 'sig' };
  const signed = signer(pair.privateKey);
  cases = makeCases(signed, jwk);
  input = {
    pool: POOL,
    client: CLIENT,
    jwks: { keys: [jwk] },
    warmup: signed(HEADER, b64u(JSON.stringify(access(0)))),
    cases: cases.map(({ token, use }) => ({ token, use })),
  };
  dir = mkdtempSync(join(tmpdir(), 'core-runtimes-'));
  inputFile = join(dir, 'input.json');
  writeFileSync(inputFile, JSON.stringify(input));
  probe = join(dir, 'base64url.mjs');
  await build({ entryPoints: [base64url], bundle: true, format: 'esm', outfile: probe, logLevel: 'silent' });
  node = await runEntry(process.execPath, []);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function runEntry(binary: string, args: string[]): Promise<RunResult> {
  const { stdout } = await run(binary, [...args, main, inputFile, probe], {
    maxBuffer: 256 * 1024 * 1024,
    // (Deno's cache in the suite's temp folder: nothing left behind.)
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, 'deno') },
  });
  return JSON.parse(stdout) as RunResult;
}

async function runWorkerd(compatibilityFlags: string[], polyfillBuffer = false): Promise<RunResult> {
  // The built ESM, bundled for a worker as a deployment would (no node: import, Web APIs only); with polyfillBuffer,
  // after a module that makes the `buffer` package the global Buffer, as bundle plugins polyfilling Node's globals do.
  const polyfill = join(dir, 'buffer-polyfill.mjs');
  // ('buffer/': the package, not Node's built-in.)
  const buffer = createRequire(import.meta.url).resolve('buffer/');
  writeFileSync(polyfill, `import { Buffer } from ${JSON.stringify(buffer)}; globalThis.Buffer = Buffer;`);
  const first = polyfillBuffer ? `import ${JSON.stringify(polyfill)};` : '';
  const bundle = await build({
    stdin: {
      contents: `${first} import * as core from ${JSON.stringify(dist)}; import { run } from ${JSON.stringify(runner)};
        import { bufferPath } from ${JSON.stringify(probe)};
        export default { async fetch(request) { return Response.json(await run(core, await request.json(), { bufferPath })); } };`,
      resolveDir: dir,
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['worker', 'browser'],
    logLevel: 'silent',
  });
  const mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]?.text as string,
    compatibilityDate: '2025-09-01',
    compatibilityFlags,
  });
  try {
    const response = await mf.dispatchFetch('http://worker/', { method: 'POST', body: JSON.stringify(input) });
    return (await response.json()) as RunResult;
  } finally {
    await mf.dispose();
  }
}

/** Every difference from Node's verdicts, one line per case, naming the case, the backend and the sighting. */
function differences(other: RunResult): string[] {
  const found: string[] = [];
  cases.forEach((entry, index) => {
    for (const backend of ['auto', 'webcrypto'] as const) {
      const mine = other.verdicts[index]?.[backend] ?? [];
      const theirs = node.verdicts[index]?.[backend] ?? [];
      for (let sighting = 0; sighting < 3; sighting++) {
        const a = JSON.stringify(mine[sighting]);
        const b = JSON.stringify(theirs[sighting]);
        if (a !== b)
          found.push(
            `${entry.label} (${backend}, sighting ${sighting + 1}): ${a?.slice(0, 160)} / Node ${b?.slice(0, 160)}`,
          );
      }
    }
  });
  return found;
}

/** The login started in that runtime: an S256 authorize URL whose transaction (sealed there) opens here. */
async function checkLogin(result: RunResult) {
  const url = new URL(result.login.url);
  expect(url.origin + url.pathname).toBe('https://runtime-app.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  const tx = await unseal<Record<string, string>>(result.login.transaction, SECRET, 'transaction');
  expect(tx).toMatchObject({
    state: url.searchParams.get('state'),
    nonce: url.searchParams.get('nonce'),
    returnTo: '/docs?x=1',
  });
  expect(
    createHash('sha256')
      .update(tx.verifier as string)
      .digest('base64url'),
  ).toBe(url.searchParams.get('code_challenge'));
}

describe('core in real runtimes', () => {
  it('on Node: the named cases get their verdicts, on both backends and every sighting', async () => {
    expect(node.runtime).toEqual({
      version: process.versions.node,
      buffer: true,
      nodeCrypto: true,
      bufferPath: 'internals',
    });
    const wrong: string[] = [];
    cases.forEach((entry, index) => {
      const verdicts = node.verdicts[index] as RunResult['verdicts'][number];
      const all = [...verdicts.auto, ...verdicts.webcrypto];
      if (new Set(all.map((v) => JSON.stringify(v))).size !== 1) wrong.push(`${entry.label}: paths disagree`);
      const first = all[0] as Outcome;
      if ('code' in first && first.code === undefined) wrong.push(`${entry.label}: crashed with ${first.name}`);
      if ('claims' in first && !first.frozen) wrong.push(`${entry.label}: claims not frozen`);
      if ('claims' in first && !entry.token.split('.').every((part) => /^[\w-]*$/.test(part))) {
        wrong.push(`${entry.label}: a non-canonical spelling was accepted`);
      }
      const got = 'claims' in first ? 'valid' : first.code;
      if (entry.expect && got !== entry.expect) wrong.push(`${entry.label}: ${got}, expected ${entry.expect}`);
    });
    expect(wrong).toEqual([]);
    const claims = (label: string) => {
      const first = node.verdicts[cases.findIndex((c) => c.label === label)]?.auto[0] as { claims: string };
      return JSON.parse(first.claims) as Record<string, unknown>;
    };
    expect(claims('access token')).toMatchObject({ token_use: 'access', 'cognito:groups': ['admins'] });
    expect(claims('ID token')).toMatchObject({ token_use: 'id', nickname: '山田 😀' });
    await checkLogin(node);
  });

  // Each runtime, and the decoding path core must take there: Node's fast path where Buffer's internals behave as
  // Node's, the Web path where there is no Buffer or one that is not Node's.
  for (const [name, path, start] of [
    ['Bun', 'internals', bun && (() => runEntry(bun, []))],
    [
      'Deno',
      'internals',
      deno && (() => runEntry(deno, ['run', '--no-lock', '--no-prompt', '--allow-read', '--allow-env'])),
    ],
    ['workerd (miniflare)', 'web', () => runWorkerd([])],
    ['workerd with nodejs_compat (miniflare)', 'internals', () => runWorkerd(['nodejs_compat'])],
    ['workerd with the buffer package as global Buffer (miniflare)', 'web', () => runWorkerd([], true)],
  ] as const) {
    it.skipIf(!start)(
      `on ${name}: every verdict is Node's, on the ${path} path, and a login starts`,
      async () => {
        const result = await (start as () => Promise<RunResult>)();
        if (name === 'Bun' || name === 'Deno') versions[name] = result.runtime.version as string;
        console.info(`${name}: Buffer ${result.runtime.buffer}, node:crypto ${result.runtime.nodeCrypto}`);
        expect(result.runtime.bufferPath).toBe(path);
        const found = differences(result);
        expect(found.slice(0, 20), `${found.length} differences in ${cases.length} cases`).toEqual([]);
        await checkLogin(result);
      },
      180_000,
    );
  }

  it("core's README names the Bun, Deno and miniflare versions tested above", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const require = createRequire(import.meta.url);
    for (const name of ['miniflare', 'workerd']) {
      const { version } = require(`${name}/package.json`) as { version: string };
      expect(readme).toContain(`${name} ${version.split('.').slice(0, 2).join('.')}`);
    }
    expect(Object.keys(versions)).toEqual([...(bun ? ['Bun'] : []), ...(deno ? ['Deno'] : [])]);
    for (const [name, version] of Object.entries(versions)) expect(readme).toContain(`${name} ${version}`);
  });
});
