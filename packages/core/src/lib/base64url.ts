// Strict base64url for JWT parts: canonical encodings only, so a token has exactly one valid spelling.

const ALPHABET = /^[A-Za-z0-9_-]*$/;
const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

type NodeBytes = Uint8Array & {
  toString(encoding: string, start?: number, end?: number): string;
  utf8Slice(start: number, end: number): string;
  write(input: string, offset: number, encoding: string): number;
};
type BufferLike = {
  from(input: string, encoding: string): NodeBytes;
  from(input: Uint8Array): { toString(encoding: string): string };
  allocUnsafeSlow(size: number): NodeBytes;
};
// Node and Bun expose Buffer globally, which decodes far faster than atob; edge runtimes fall back to atob.
const NodeBuffer = (globalThis as unknown as { Buffer?: BufferLike }).Buffer;

/** True if the text is base64url as an encoder writes it: the alphabet only, a possible length, no stray bits. */
export function isCanonicalBase64Url(input: string): boolean {
  if (!ALPHABET.test(input)) return false;
  const rem = input.length % 4;
  if (rem === 1) return false;
  // The last character's unused low bits must be zero, otherwise two spellings decode to the same bytes.
  return rem === 0 || CHARS.indexOf(input[input.length - 1] as string) % (rem === 2 ? 16 : 4) === 0;
}

/** Decodes base64url, or returns undefined for anything non-canonical (bad characters, impossible length, stray bits). */
export function decodeBase64Url(input: string): Uint8Array | undefined {
  if (!isCanonicalBase64Url(input)) return undefined;
  if (NodeBuffer) return NodeBuffer.from(input, 'base64url');
  const rem = input.length % 4;
  const binary = atob(input.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - rem) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The bytes of an ASCII string (a JWS signing input). */
export function asciiBytes(input: string): Uint8Array {
  return NodeBuffer ? NodeBuffer.from(input, 'latin1') : encoder.encode(input);
}

const encoder = new TextEncoder();

export function encodeBase64Url(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes).toString('base64url');
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes a base64url JSON object, or undefined if it is not exactly that. */
export function decodeJsonPart(input: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64Url(input);
  if (!bytes) return undefined;
  try {
    // Buffer's utf8 decoding is the fast path; the signature covers the raw bytes either way.
    const text = NodeBuffer ? (bytes as NodeBytes).toString('utf8') : decoder.decode(bytes);
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// Scratch space for the synchronous verification path on Node: decoding a token part into a buffer allocated once
// spares a pooled allocation per part, which on the hot path costs as much as the claim checks. The bytes returned by
// the `*Transient` functions are overwritten by the next call, so they must be used before anything awaits.
const SCRATCH_SIZE = 16_384;
const scratch = NodeBuffer ? [NodeBuffer.allocUnsafeSlow(SCRATCH_SIZE), NodeBuffer.allocUnsafeSlow(SCRATCH_SIZE)] : [];
// Views of each scratch buffer by length: a pool's tokens come in a few lengths, so views are made once, not per call.
const views = [new Map<number, Uint8Array>(), new Map<number, Uint8Array>()];

function view(slot: 0 | 1, length: number): Uint8Array {
  const byLength = views[slot] as Map<number, Uint8Array>;
  let bytes = byLength.get(length);
  if (!bytes) {
    if (byLength.size >= 64) byLength.clear();
    bytes = (scratch[slot] as NodeBytes).subarray(0, length);
    byLength.set(length, bytes);
  }
  return bytes;
}

/** Like asciiBytes, into scratch space (valid until the next call): the signing input on the synchronous path. */
export function asciiBytesTransient(input: string): Uint8Array {
  const buffer = scratch[0];
  if (!buffer || input.length > SCRATCH_SIZE) return asciiBytes(input);
  return view(0, buffer.write(input, 0, 'latin1'));
}

/** Like decodeBase64Url (canonical only), into scratch space (valid until the next call): the signature on the synchronous path. */
export function decodeBase64UrlTransient(input: string): Uint8Array | undefined {
  const buffer = scratch[1];
  if (!buffer || input.length > SCRATCH_SIZE) return decodeBase64Url(input);
  if (!isCanonicalBase64Url(input)) return undefined;
  return view(1, buffer.write(input, 0, 'base64url'));
}

/**
 * Decodes a base64url JSON object without first checking that the spelling is canonical, or undefined if it is not a
 * JSON object. Only for a part the signature covers (the payload): the signature is over the exact text, so another
 * spelling cannot verify; callers check {@link isCanonicalBase64Url} when the signature fails, to report it as malformed.
 */
export function decodeSignedJsonPart(input: string): Record<string, unknown> | undefined {
  const buffer = scratch[1];
  if (!buffer || input.length > SCRATCH_SIZE) return decodeJsonPart(input);
  try {
    // utf8Slice is what toString('utf8', start, end) calls once it has checked its arguments: the same decoding.
    const value: unknown = JSON.parse(buffer.utf8Slice(0, buffer.write(input, 0, 'base64url')));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
