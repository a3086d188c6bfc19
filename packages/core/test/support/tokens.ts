// Cognito-shaped tokens and the hostile variants of them that verification must refuse: shared by the differential
// fuzz (every path in Node) and the runtime suite (the built core in Bun, Deno and workerd against Node).
import { type KeyObject, sign as rsaSign } from 'node:crypto';

export const POOL = 'eu-west-1_Fuzz0001';
export const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
export const CLIENT = '4tg7fhidb5adr5jc1bna4me2i6';
export const KID = 'fuzz-kid';
export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A small seeded generator (mulberry32), so a failure names a case that reproduces. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <V>(items: readonly V[]) => items[int(items.length)] as V };
}
export type Random = ReturnType<typeof random>;

export const b64u = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
export const HEADER = b64u(JSON.stringify({ kid: KID, alg: 'RS256' }));

/** Signs `header.payload` (already base64url, or anything else: the signature covers the UTF-8 of the text). */
export const signer =
  (privateKey: KeyObject) =>
  (header: string, payload: string): string =>
    `${header}.${payload}.${rsaSign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url')}`;

export const now = () => Math.floor(Date.now() / 1000);
const common = (serial: number) => ({
  sub: `7c1d8f6a-40b1-4b6e-9a3e-${String(serial).padStart(12, '0')}`,
  iss: ISSUER,
  origin_jti: `0f5e0f6e-9d1b-4f0a-8a6e-${String(serial).padStart(12, '0')}`,
  event_id: `2b3c4d5e-6f70-4a1b-8c2d-${String(serial).padStart(12, '0')}`,
  auth_time: now() - 10,
  iat: now() - 10,
  exp: now() + 3600,
  jti: `a1b2c3d4-e5f6-4a7b-8c9d-${String(serial).padStart(12, '0')}`,
});
/** The claims of a Cognito access token of the pool, with `extra` merged in. */
export const access = (serial: number, extra: Record<string, unknown> = {}) => ({
  ...common(serial),
  token_use: 'access',
  client_id: CLIENT,
  scope: 'openid email orders/read',
  username: `user-${serial}`,
  ...extra,
});
/** The claims of a Cognito ID token of the pool, with `extra` merged in. */
export const id = (serial: number, extra: Record<string, unknown> = {}) => ({
  ...common(serial),
  token_use: 'id',
  aud: CLIENT,
  email_verified: true,
  'cognito:username': `user-${serial}`,
  email: `user${serial}@example.com`,
  ...extra,
});

/** Payload JSON texts of every shape the fuzz starts from. */
export function shapes(): string[] {
  const blob = (size: number) => 'x'.repeat(size);
  const objects: Record<string, unknown>[] = [
    access(1),
    access(2, { 'cognito:groups': ['admins', 'readers'] }),
    id(3),
    id(4, { 'cognito:groups': ['readers'], name: 'José Müller', family_name: 'Ærøskøbing', nickname: '山田 😀' }),
    id(5, {
      identities: [{ userId: '1', providerName: 'Google', providerType: 'Google', issuer: null, primary: 'true' }],
      'custom:profile': { nested: { deeper: ['x', { y: 1 }] } },
      'cognito:groups': ['eu-west-1_Fuzz0001_Google'],
    }),
    access(6, { 'cognito:groups': ['a[b', 'c{d'], note: 'brackets [ and { inside strings' }),
  ];
  const texts = objects.map((claims) => JSON.stringify(claims));
  // Tokens around the 16 KiB scratch space: the whole token just under it, just over it, and a payload over it.
  for (const target of [16_300, 16_390, 17_500, 30_000]) {
    const base = JSON.stringify(access(10 + target, { 'custom:blob': '' }));
    const padding = Math.max(0, Math.floor(((target - HEADER.length - 344) * 3) / 4) - base.length);
    texts.push(JSON.stringify(access(10 + target, { 'custom:blob': blob(padding), 'cognito:groups': ['big'] })));
  }
  return texts;
}

/** Hostile JSON texts (to be signed): what a signature over the exact bytes must not let through differently. */
export function hostileJson(text: string): (string | Buffer)[] {
  const inner = text.slice(1, -1);
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
  return [
    `{"exp":1,${inner}}`,
    `{${inner},"exp":1}`,
    `{${inner},"exp":${now() + 60}}`,
    `{${inner},"cognito:groups":["x"],"cognito:groups":"y"}`,
    `{"cognito:groups":"y",${inner},"cognito:groups":["x"]}`,
    `{${inner},"cognito:groups":["x"],"other":"["}`,
    `{${inner},"__proto__":{"admin":true}}`,
    `{${inner},"__proto__":["admin"]}`,
    `{${inner},"cognito:groups":["x"],"__proto__":["admin"]}`,
    `{${inner},"cognito:groups":["x"],"\\u005b":"\\u007b"}`,
    ` {${inner}}`,
    `\n\t{${inner}}`,
    `{${inner}} `,
    `{${inner}}x`,
    `[${text}]`,
    'null',
    '"text"',
    '{}',
    `{${inner},"token_use":"access","aud":"${CLIENT}"}`,
    `{${inner},"iss":"${ISSUER}/"}`,
    bytes([0xef, 0xbb, 0xbf], text),
    bytes(`{${inner},"bad":"`, [0xff], '"}'),
    bytes(`{${inner},"bad":"`, [0xc0, 0x80], '"}'),
    bytes(`{${inner},"bad":"`, [0xed, 0xa0, 0x80], '"}'),
    bytes(`{${inner},"ok":"`, [0xef, 0xbf, 0xbd], '"}'),
  ];
}

/** Other spellings of the same bytes (or nearly): what must never verify unless it is the one canonical spelling. */
export function respell(part: string, rng: Random): string[] {
  const bytes = Buffer.from(part, 'base64url');
  const standard = bytes.toString('base64');
  const at = rng.int(part.length);
  const last = ALPHABET.indexOf(part.at(-1) as string);
  const spare = part.length % 4 === 2 ? 16 : part.length % 4 === 3 ? 4 : 1;
  return [
    standard,
    standard.replace(/=+$/, ''),
    `${part}=`,
    `${part}==`,
    `${part.slice(0, at)} ${part.slice(at)}`,
    `${part.slice(0, at)}\n${part.slice(at)}`,
    `${part.slice(0, at)}=${part.slice(at)}`,
    `${part.slice(0, at)}!${part.slice(at)}`,
    ...(spare > 1 ? [`${part.slice(0, -1)}${ALPHABET[last + 1 + rng.int(spare - 1)]}`] : []),
  ];
}

/** `token` with one character replaced, inserted or deleted: ASCII, base64 padding, whitespace, Latin-1, U+0100+c, a lone surrogate. */
export function mutateChar(token: string, rng: Random): string {
  const at = rng.int(token.length + 1);
  const here = token.charCodeAt(Math.min(at, token.length - 1));
  const chars = [
    () => String.fromCharCode(rng.int(128)),
    () => '.',
    () => '=',
    () => '+',
    () => '/',
    () => rng.pick([' ', '\t', '\n', '\r']),
    () => String.fromCharCode(0x80 + rng.int(128)),
    () => String.fromCharCode(0x100 + (ALPHABET.includes(String.fromCharCode(here)) ? here : ALPHABET.charCodeAt(0))),
    () => String.fromCharCode(0x100 + ALPHABET.charCodeAt(rng.int(64))),
    () => String.fromCharCode(0xd800 + rng.int(0x800)),
    () => ALPHABET[rng.int(64)] as string,
  ];
  const char = rng.pick(chars)();
  switch (rng.int(3)) {
    case 0:
      return token.slice(0, at) + char + token.slice(at + 1);
    case 1:
      return token.slice(0, at) + char + token.slice(at);
    default:
      return token.slice(0, at) + token.slice(at + 1);
  }
}
