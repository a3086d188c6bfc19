// The hot path's decoders skip a check of every character: the token must be ASCII (asciiBytesTransient), and then the
// signature decoder's spelling check must agree with isCanonicalBase64Url for every ASCII character wherever it stands,
// on this Node's base64 decoder.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asciiBytesTransient, decodeBase64Url, decodeBase64UrlTransient, isCanonicalBase64Url } from './base64url.js';

const agrees = (text: string) => {
  const bytes = decodeBase64UrlTransient(text);
  if (isCanonicalBase64Url(text) !== (bytes !== undefined)) return false;
  return bytes === undefined || Buffer.from(bytes).equals(Buffer.from(decodeBase64Url(text) as Uint8Array));
};

describe('decodeBase64UrlTransient', () => {
  // Byte counts whose encodings end in every possible way: no spare bits (255), 4 spare bits (256: a 2048-bit RSA
  // signature), 2 spare bits (257), and short ones.
  const samples = [0, 1, 2, 3, 4, 5, 255, 256, 257].map((size) => randomBytes(size).toString('base64url'));

  it('agrees with isCanonicalBase64Url for every ASCII character put in, over or out of every position class', () => {
    const disagreements: string[] = [];
    for (const sample of samples) {
      const positions = [...new Set([0, sample.length >> 1, sample.length - 2, sample.length - 1, sample.length])];
      for (const at of positions.filter((p) => p >= 0)) {
        if (at < sample.length && !agrees(sample.slice(0, at) + sample.slice(at + 1))) disagreements.push(`drop@${at}`);
        for (let unit = 0; unit <= 0x7f; unit++) {
          const char = String.fromCharCode(unit);
          const replaced = sample.slice(0, at) + char + sample.slice(at + 1);
          const inserted = sample.slice(0, at) + char + sample.slice(at);
          if (!agrees(replaced)) disagreements.push(`replace@${at}:${unit}`);
          if (!agrees(inserted)) disagreements.push(`insert@${at}:${unit}`);
        }
      }
    }
    expect(disagreements.slice(0, 20)).toEqual([]);
  });

  it('refuses padding, whitespace, the standard alphabet and stray bits', () => {
    const signature = randomBytes(256).toString('base64url');
    const spare = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(
      signature.at(-1) as string,
    );
    for (const bad of [
      `${signature}==`,
      `${signature.slice(0, 100)} ${signature.slice(100)}`,
      `${signature.slice(0, 100)}\n${signature.slice(101)}`,
      `${signature.slice(0, 100)}+${signature.slice(101)}`,
      `${signature.slice(0, 100)}/${signature.slice(101)}`,
      `${signature.slice(0, -1)}${'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[spare | 1]}`,
    ]) {
      expect(decodeBase64UrlTransient(bad)).toBeUndefined();
      expect(isCanonicalBase64Url(bad)).toBe(false);
    }
    expect(Buffer.from(decodeBase64UrlTransient(signature) as Uint8Array).toString('base64url')).toBe(signature);
  });
});

describe('asciiBytesTransient', () => {
  const token = `${randomBytes(30).toString('base64url')}.${randomBytes(300).toString('base64url')}.${randomBytes(256).toString('base64url')}`;
  const end = token.lastIndexOf('.');

  it('gives the signing input of an ASCII token', () => {
    expect(Buffer.from(asciiBytesTransient(token, end) as Uint8Array).toString('latin1')).toBe(token.slice(0, end));
  });

  it('refuses a token with any character outside ASCII, anywhere (U+012B would decode as "+")', () => {
    const refused: number[] = [];
    for (const at of [0, 40, end + 10, token.length - 1]) {
      for (let unit = 0x80; unit <= 0xffff; unit++) {
        const spelled = token.slice(0, at) + String.fromCharCode(unit) + token.slice(at + 1);
        if (asciiBytesTransient(spelled, end) === undefined) refused.push(unit);
      }
    }
    expect(refused.length).toBe(4 * (0x10000 - 0x80));
  });

  it('checks a token longer than its scratch space the same way', () => {
    const long = `${token}${'A'.repeat(20_000)}`;
    expect(Buffer.from(asciiBytesTransient(long, end) as Uint8Array).toString('latin1')).toBe(token.slice(0, end));
    expect(asciiBytesTransient(`${long}\u012b`, end)).toBeUndefined();
  });
});
