// Splits a compact JWS and enforces the header rules every Cognito token must meet, before any key is looked up.
import { decodeBase64Url, decodeJsonPart } from './base64url.js';
import { CognitoTokenError } from './errors.js';

export const DEFAULT_MAX_TOKEN_LENGTH = 16_384;

/** Header parameters that would let a token choose its own key; Cognito never sends them, so we refuse them. */
const KEY_CHOOSING_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'x5t', 'x5t#S256'] as const;

export interface ParsedJwt {
  readonly header: { alg: 'RS256'; kid: string; [name: string]: unknown };
  readonly payload: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: Uint8Array;
}

/** A compact JWS split at its dots, with its header checked: the part of parsing every path shares. */
export interface SplitJwt {
  readonly header: ParsedJwt['header'];
  /** Index of the first dot (end of the header). */
  readonly first: number;
  /** Index of the second dot (end of the payload, and of the signing input). */
  readonly second: number;
}

/** Splits a compact JWS and decodes every part strictly (canonical base64url only); throws TOKEN_* errors. */
export function parseJwt(token: unknown, maxLength = DEFAULT_MAX_TOKEN_LENGTH): ParsedJwt {
  const { header, first, second } = splitJwt(token, maxLength);
  const jws = token as string;
  const payload = decodeJsonPart(jws.slice(first + 1, second));
  if (!payload) throw malformedPayload();
  const signature = decodeBase64Url(jws.slice(second + 1));
  if (!signature || signature.length === 0) throw malformedSignature();
  return { header, payload, signingInput: jws.slice(0, second), signature };
}

/** The error for a payload that is not canonical base64url JSON (one message for every path that finds it). */
const malformedPayload = () =>
  new CognitoTokenError('TOKEN_MALFORMED', 'The token payload is not base64url-encoded JSON.');
/** The error for a signature that is missing or not canonical base64url. */
const malformedSignature = () =>
  new CognitoTokenError('TOKEN_MALFORMED', 'The token signature is missing or not canonical base64url.');

/**
 * Checks a token's type, length and three-part shape, and its header (cached per header text); throws TOKEN_* errors.
 * `signatureChecked` skips the scan for a fourth part: for a caller that checks the signature part is canonical
 * base64url (which has no dot) before it trusts the token, and asks `parseJwt` for the verdict when it is not.
 */
export function splitJwt(token: unknown, maxLength = DEFAULT_MAX_TOKEN_LENGTH, signatureChecked = false): SplitJwt {
  if (typeof token !== 'string' || token === '') {
    throw new CognitoTokenError(
      'TOKEN_MALFORMED',
      `Expected a JWT string; got ${token === '' ? 'an empty string' : typeof token}.`,
    );
  }
  if (token.length > maxLength) {
    throw new CognitoTokenError(
      'TOKEN_TOO_LARGE',
      `The token is ${token.length} characters; the limit is ${maxLength}.`,
    );
  }
  // Tokens of one pool mostly share the last header seen: comparing its text skips the cache lookup, which hashes it
  // (the rules depend on nothing but that text, which was checked when it was first seen). `===` on a slice is several
  // times faster than `startsWith` in V8.
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first < 0 || second < 0 || (!signatureChecked && token.indexOf('.', second + 1) >= 0)) throw notThreeParts();
  const known = lastHeader;
  if (known !== undefined && first === known.text.length && token.slice(0, first) === known.text) {
    return { header: known.header, first, second };
  }
  const text = token.slice(0, first);
  const header = parseHeader(text);
  lastHeader = { text, header };
  return { header, first, second };
}

const notThreeParts = () =>
  new CognitoTokenError(
    'TOKEN_MALFORMED',
    'Expected a compact JWS with three dot-separated parts (an encrypted or opaque token was given?).',
  );

let lastHeader: { text: string; header: ParsedJwt['header'] } | undefined;

// Validated headers by their base64url text. A pool signs with a handful of keys, so the same few header strings
// recur on every token: decoding and checking one once is enough (the rules depend on nothing but the text).
const headerCache = new Map<string, ParsedJwt['header']>();
const HEADER_CACHE_SIZE = 64;

function parseHeader(segment: string): ParsedJwt['header'] {
  const cached = headerCache.get(segment);
  if (cached) return cached;
  const header = decodeJsonPart(segment);
  if (!header) throw new CognitoTokenError('TOKEN_MALFORMED', 'The token header is not base64url-encoded JSON.');
  if (header.alg !== 'RS256') {
    throw new CognitoTokenError(
      'TOKEN_ALG_NOT_ALLOWED',
      `Cognito signs with RS256; the token says alg ${JSON.stringify(String(header.alg)).slice(0, 20)}.`,
      { claim: 'alg' },
    );
  }
  for (const name of KEY_CHOOSING_HEADERS) {
    if (name in header) {
      throw new CognitoTokenError(
        'TOKEN_HEADER_NOT_ALLOWED',
        `The token header carries "${name}"; keys come only from the pool's JWKS.`,
        { claim: name },
      );
    }
  }
  if ('crit' in header) {
    throw new CognitoTokenError(
      'TOKEN_HEADER_NOT_ALLOWED',
      'The token header marks extensions as critical ("crit"); none are supported.',
      { claim: 'crit' },
    );
  }
  if (typeof header.kid !== 'string' || header.kid === '') {
    throw new CognitoTokenError(
      'TOKEN_MALFORMED',
      'The token header has no "kid"; Cognito always names its signing key.',
      { claim: 'kid' },
    );
  }
  Object.freeze(header);
  if (headerCache.size >= HEADER_CACHE_SIZE) headerCache.clear();
  headerCache.set(segment, header as ParsedJwt['header']);
  return header as ParsedJwt['header'];
}
