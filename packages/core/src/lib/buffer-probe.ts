// Whether a global Buffer gives Node's results where core relies on them, checked once at load: a bundle's polyfill
// or a runtime's compat layer that differs sends core down the Web path, never to another verdict.

/** A Buffer's methods core uses: the documented ones, and the internals the scratch-space path calls. */
export type NodeBytes = Uint8Array & {
  toString(encoding: string, start?: number, end?: number): string;
  utf8Slice(start: number, end: number): string;
  write(input: string, offset: number, encoding: string): number;
  // What write(input, offset, encoding) calls once it has checked its arguments and looked up the encoding.
  utf8Write(input: string, offset: number, length: number): number;
  base64urlWrite(input: string, offset: number, length: number): number;
};
/** The global Buffer's static side, as core uses it. */
export type BufferLike = {
  from(input: string, encoding: string): NodeBytes;
  from(input: Uint8Array): { toString(encoding: string): string };
  allocUnsafeSlow(size: number): NodeBytes;
};

const encoder = new TextEncoder();
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);
// Every byte value, and the lengths that leave 0, 1 and 2 bytes over a group of three.
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const BYTE_SAMPLES = [ALL_BYTES, ALL_BYTES.subarray(0, 254), ALL_BYTES.subarray(3, 254), new Uint8Array(0)];
// UTF-8 of every width (and a real U+FFFD), a leading BOM (kept: JSON.parse refuses it), and bytes that are not UTF-8
// (a lone 0xFF, an overlong NUL, an encoded surrogate, a cut sequence): each of those must read with U+FFFD in it.
const TEXTS = ['a', 'é', '山', '😀', '\uFFFD', '\uFEFF{}'];
const NOT_UTF8 = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe5, 0xb1]].map((bytes) => Uint8Array.from(bytes));

/** Whether `buffer` decodes and encodes base64url and reads UTF-8 as Node's Buffer does (the Web path's results). */
export function behavesAsNode(
  buffer: BufferLike,
  webDecode: (input: string) => Uint8Array,
  webEncode: (bytes: Uint8Array) => string,
): boolean {
  try {
    for (const bytes of BYTE_SAMPLES) {
      const text = webEncode(bytes);
      if (buffer.from(bytes).toString('base64url') !== text) return false;
      if (!same(buffer.from(text, 'base64url'), webDecode(text))) return false;
    }
    return readsUtf8AsNode((bytes) => buffer.from(bytes).toString('utf8'));
  } catch {
    return false;
  }
}

/**
 * Whether `buffer`'s internals exist and behave as Node's where the scratch-space path relies on them: utf8Write
 * writes a character outside ASCII as more than one byte (so a byte count tells an ASCII token), base64urlWrite skips
 * or stops at any other ASCII character than the alphabets' (so a short result tells a misspelling), utf8Slice reads
 * as toString('utf8') does.
 */
export function internalsBehaveAsNode(buffer: BufferLike, webDecode: (input: string) => Uint8Array): boolean {
  try {
    const scratch = buffer.allocUnsafeSlow(64);
    const { utf8Write, base64urlWrite, utf8Slice } = scratch;
    if (typeof utf8Write !== 'function' || typeof base64urlWrite !== 'function' || typeof utf8Slice !== 'function') {
      return false;
    }
    for (const text of ['abc', 'a\u0100b', '\u0141', 'é', '\ud800', '😀']) {
      const bytes = encoder.encode(text);
      if (scratch.utf8Write(text, 0, 64) !== bytes.length || !same(scratch.subarray(0, bytes.length), bytes)) {
        return false;
      }
    }
    const sample = 'QUJDQUJ-_w';
    const length = scratch.base64urlWrite(sample, 0, 64);
    if (!same(scratch.subarray(0, length), webDecode(sample))) return false;
    for (let unit = 0; unit < 128; unit++) {
      const char = String.fromCharCode(unit);
      // Eight characters of which one is outside base64url: six bytes would mean it was read as a digit.
      if (
        !/[\w-]/.test(char) &&
        scratch.base64urlWrite(`QUJD${char}QUJ`, 0, 64) === 6 &&
        char !== '+' &&
        char !== '/'
      ) {
        return false;
      }
    }
    return readsUtf8AsNode((bytes) => {
      scratch.set(bytes);
      return scratch.utf8Slice(0, bytes.length);
    });
  } catch {
    return false;
  }
}

function readsUtf8AsNode(read: (bytes: Uint8Array) => string): boolean {
  return (
    TEXTS.every((text) => read(encoder.encode(text)) === text) &&
    NOT_UTF8.every((bytes) => read(bytes).includes('\uFFFD'))
  );
}
