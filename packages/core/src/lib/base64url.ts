// Strict base64url for JWT parts: canonical encodings only, so a token has exactly one valid spelling.

import { type BufferLike, type NodeBytes, behavesAsNode, internalsBehaveAsNode } from './buffer-probe.js';

const ALPHABET = /^[A-Za-z0-9_-]*$/;
const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Node, Bun and Deno expose Buffer globally, which decodes far faster than atob; edge runtimes fall back to atob. A
// global Buffer is used only if it gives Node's results where core relies on them (a bundle's polyfill may not know
// 'base64url'), and its internals (the scratch-space path) only if they exist and behave as Node's do: one verdict on
// every runtime, whatever its Buffer.
const GlobalBuffer = (globalThis as unknown as { Buffer?: BufferLike }).Buffer;
const NodeBuffer = GlobalBuffer && behavesAsNode(GlobalBuffer, webDecode, webEncode) ? GlobalBuffer : undefined;

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
  return NodeBuffer ? NodeBuffer.from(input, 'base64url') : webDecode(input);
}

/** The Web path: canonical base64url (already checked) to bytes with atob. */
function webDecode(input: string): Uint8Array {
  const rem = input.length % 4;
  const binary = atob(input.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - rem) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return NodeBuffer ? NodeBuffer.from(bytes).toString('base64url') : webEncode(bytes);
}

function webEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const encoder = new TextEncoder();
// Fatal: bytes that are not UTF-8 are refused, never read with U+FFFD in their place. ignoreBOM keeps a leading BOM in
// the text, where JSON.parse refuses it, as it does on Node (whose utf8 decoding never strips one).
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of UTF-8 bytes, or undefined if they are not UTF-8: one verdict on every runtime and path. On Node, `text` is
 * the bytes as Buffer decodes them (fast, but with U+FFFD for a bad sequence): only a text with U+FFFD in it needs the
 * strict decoder to tell a real U+FFFD from a bad sequence.
 */
function utf8Text(bytes: Uint8Array, text?: string): string | undefined {
  if (text !== undefined && !text.includes('\uFFFD')) return text;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes a base64url JSON object, or undefined if it is not exactly that. */
export function decodeJsonPart(input: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64Url(input);
  if (!bytes) return undefined;
  // Buffer's utf8 decoding is the fast path; the signature covers the raw bytes either way.
  const text = utf8Text(bytes, NodeBuffer ? (bytes as NodeBytes).toString('utf8') : undefined);
  return text === undefined ? undefined : parseJsonObject(text);
}

/** A JSON text's object, or undefined if the text is not JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
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
// The path works on tokens asciiBytesTransient accepted: Node's base64 decoder reads a character above U+00FF by its
// low byte (U+012B as '+'), so only an all-ASCII token can be decoded without a check of every character.
const SCRATCH_SIZE = 16_384;
// Slot 0 holds a whole token as UTF-8: three bytes per UTF-16 code unit at most, so any token of up to SCRATCH_SIZE
// characters fits and the byte count tells whether it was ASCII. Slot 1 holds a decoded part.
const scratch =
  NodeBuffer && internalsBehaveAsNode(NodeBuffer, webDecode)
    ? [NodeBuffer.allocUnsafeSlow(SCRATCH_SIZE * 3), NodeBuffer.allocUnsafeSlow(SCRATCH_SIZE)]
    : [];
/** Which path decodes here: Buffer's internals into scratch space (Node's fast path), Buffer's documented API, or Web APIs. */
export const bufferPath: 'internals' | 'buffer' | 'web' = scratch.length ? 'internals' : NodeBuffer ? 'buffer' : 'web';
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

/**
 * The first `end` bytes of `input` (a compact JWS: `end` is where its signing input ends), into scratch space (valid
 * until the next call), or undefined if `input` has a character outside ASCII (which no JWS has) or does not fit.
 */
export function asciiBytesTransient(input: string, end: number): Uint8Array | undefined {
  // UTF-8 writes one byte per ASCII character and more for any other, so the count is the check.
  const buffer = scratch[0];
  if (buffer && input.length <= SCRATCH_SIZE) {
    return buffer.utf8Write(input, 0, SCRATCH_SIZE * 3) === input.length ? view(0, end) : undefined;
  }
  const bytes = encoder.encode(input);
  return bytes.length === input.length ? bytes.subarray(0, end) : undefined;
}

/**
 * Like decodeBase64Url (canonical only), into scratch space (valid until the next call): the signature on the
 * synchronous path, for a part of a token asciiBytesTransient accepted.
 */
export function decodeBase64UrlTransient(input: string): Uint8Array | undefined {
  const buffer = scratch[1];
  if (!buffer || input.length > SCRATCH_SIZE) return decodeBase64Url(input);
  const length = buffer.base64urlWrite(input, 0, SCRATCH_SIZE);
  return writtenCanonically(input, length) ? view(1, length) : undefined;
}

/**
 * Whether an ASCII `input` that Node's base64 decoder turned into `length` bytes is canonical base64url, without a
 * regular expression over every character: the decoder drops (or stops at) any ASCII character outside the base64
 * alphabets, so a result of full length means every character was in one of them; then only '+' and '/' (standard
 * base64, not base64url) and stray bits in the last character remain to refuse. base64url.test.ts holds this to
 * isCanonicalBase64Url for every ASCII character in every position class.
 */
function writtenCanonically(input: string, length: number): boolean {
  const rem = input.length & 3;
  return !(
    rem === 1 ||
    length !== (input.length * 3) >> 2 ||
    input.includes('+') ||
    input.includes('/') ||
    (rem !== 0 && CHARS.indexOf(input[input.length - 1] as string) % (rem === 2 ? 16 : 4) !== 0)
  );
}

/**
 * The UTF-8 text of a canonical base64url part, or undefined if it is not exactly that: the payload on the synchronous
 * path, for a part of a token asciiBytesTransient accepted. The same verdict as decodeJsonPart's, because the
 * signature is no guard: whoever holds the key may sign any text, and every path must accept the same tokens.
 */
export function decodeSignedTextPart(input: string): string | undefined {
  const buffer = scratch[1];
  if (buffer && input.length <= SCRATCH_SIZE) {
    const length = buffer.base64urlWrite(input, 0, SCRATCH_SIZE);
    if (!writtenCanonically(input, length)) return undefined;
    // utf8Slice is what toString('utf8', start, end) calls once it has checked its arguments: the same decoding.
    return utf8Text(view(1, length), buffer.utf8Slice(0, length));
  }
  const bytes = decodeBase64Url(input);
  return bytes && utf8Text(bytes, NodeBuffer ? (bytes as NodeBytes).toString('utf8') : undefined);
}
