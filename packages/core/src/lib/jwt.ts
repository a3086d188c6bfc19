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

export function parseJwt(token: unknown, maxLength = DEFAULT_MAX_TOKEN_LENGTH): ParsedJwt {
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
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
    throw new CognitoTokenError(
      'TOKEN_MALFORMED',
      'Expected a compact JWS with three dot-separated parts (an encrypted or opaque token was given?).',
    );
  }
  const header = decodeJsonPart(token.slice(0, first));
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
  const payload = decodeJsonPart(token.slice(first + 1, second));
  if (!payload) throw new CognitoTokenError('TOKEN_MALFORMED', 'The token payload is not base64url-encoded JSON.');
  const signature = decodeBase64Url(token.slice(second + 1));
  if (!signature || signature.length === 0)
    throw new CognitoTokenError('TOKEN_MALFORMED', 'The token signature is missing or not canonical base64url.');
  return { header: header as ParsedJwt['header'], payload, signingInput: token.slice(0, second), signature };
}
