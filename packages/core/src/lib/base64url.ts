// Strict base64url for JWT parts: canonical encodings only, so a token has exactly one valid spelling.

const ALPHABET = /^[A-Za-z0-9_-]*$/;
const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

type BufferLike = {
  from(input: string, encoding: string): Uint8Array & { toString(encoding: string): string };
  from(input: Uint8Array): { toString(encoding: string): string };
};
// Node and Bun expose Buffer globally, which decodes far faster than atob; edge runtimes fall back to atob.
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/** Decodes base64url, or returns undefined for anything non-canonical (bad characters, impossible length, stray bits). */
export function decodeBase64Url(input: string): Uint8Array | undefined {
  if (!ALPHABET.test(input)) return undefined;
  const rem = input.length % 4;
  if (rem === 1) return undefined;
  if (rem !== 0) {
    // The last character's unused low bits must be zero, otherwise two spellings decode to the same bytes.
    const last = CHARS.indexOf(input[input.length - 1] as string);
    if (last % (rem === 2 ? 16 : 4) !== 0) return undefined;
  }
  if (NodeBuffer) return NodeBuffer.from(input, 'base64url');
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
    const text = NodeBuffer
      ? (bytes as Uint8Array & { toString(encoding: string): string }).toString('utf8')
      : decoder.decode(bytes);
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
