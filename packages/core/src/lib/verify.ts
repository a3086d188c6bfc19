// Verifies Cognito ID and access tokens: RS256 signature against the pool's JWKS, then every claim Cognito promises.
import { type AccessTokenClaims, type CognitoTokenClaims, type IdTokenClaims, scopesOf } from './claims.js';
import { CognitoConfigError, CognitoTokenError } from './errors.js';
import { requireGroup } from './groups.js';
import { type JwksCache, createJwksCache } from './jwks.js';
import { asciiBytesTransient, decodeBase64UrlTransient, decodeSignedTextPart, parseJsonObject } from './base64url.js';
import { DEFAULT_MAX_TOKEN_LENGTH, type ParsedJwt, parseJwt, splitJwt } from './jwt.js';
import { definePool } from './settings.js';
import type { JsonWebKey, SignatureBackend, VerifyKey } from './signature.js';

/** Which Cognito token: `id` (a login) or `access` (an API credential). */
export type TokenUse = 'id' | 'access';

/** How `createVerifier` checks tokens: which pool, which app clients, which token, which groups and scopes. */
export interface VerifierOptions<T extends TokenUse | null = TokenUse | null> {
  /** `us-east-1_AbC123xyZ`: fixes the issuer (unless `issuer` overrides it) and the JWKS URL. */
  userPoolId: string;
  /** Overrides the issuer (emulator, tests). */
  issuer?: string;
  /** Accepted app client IDs: matched against `aud` (ID tokens) or `client_id` (access tokens). `null` accepts any client, on purpose. */
  clientId: string | readonly string[] | null;
  /** Which token this verifier accepts; `null` accepts both (check `token_use` yourself). */
  tokenUse: T;
  /** The user must be in at least one of these groups. */
  groups?: string | readonly string[];
  /** An access token must carry all of these scopes. */
  scopes?: string | readonly string[];
  /** Leeway for `exp`, `nbf` and `iat`. Default 5 s. */
  clockToleranceSeconds?: number;
  /** A shared JWKS cache, or a fixed key set (`{ keys: [...] }`) used without fetching. */
  jwks?: JwksCache | { keys: readonly JsonWebKey[] };
  /** Defaults to `<issuer>/.well-known/jwks.json`. */
  jwksUri?: string;
  /** A custom `fetch` for the JWKS request (proxies, tests). Default: the global `fetch`. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Longer tokens are refused before any parsing. Default 16 384 characters. */
  maxTokenLength?: number;
  /** How many verified signatures to remember, so a token seen again skips the RSA check (claims are still checked on every call). A token is remembered from its second sighting, so one-off tokens cost nothing. Default 1024; 0 disables. */
  cacheSize?: number;
  /** Force Web Crypto even where node:crypto exists (tests, parity checks). */
  signatureBackend?: SignatureBackend;
}

/** Per-call extra requirements. */
export interface VerifyOptions {
  groups?: string | readonly string[];
  scopes?: string | readonly string[];
  /** An ID token must carry exactly this nonce. */
  nonce?: string;
}

type ClaimsFor<T> = T extends 'id' ? IdTokenClaims : T extends 'access' ? AccessTokenClaims : CognitoTokenClaims;

/** Verifies tokens of one pool (see `createVerifier`); `jwks` is its key cache, shareable with other verifiers. */
export interface CognitoVerifier<T extends TokenUse | null = TokenUse | null> {
  /** Verifies `token` (signature, then every claim rule) and returns its claims; throws `CognitoTokenError` otherwise. */
  verify(token: string, options?: VerifyOptions): Promise<ClaimsFor<T>>;
  /** The pool's issuer URL, `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  readonly issuer: string;
  readonly jwks: JwksCache;
}

const list = (value: string | readonly string[] | undefined | null): readonly string[] =>
  value === undefined || value === null ? [] : typeof value === 'string' ? [value] : value;

function isJwksCache(value: unknown): value is JwksCache {
  return typeof (value as JwksCache)?.getKey === 'function';
}

/**
 * Verifies Cognito ID or access tokens of one pool: RS256 against the pool's JWKS, then `iss`, `aud`/`client_id`,
 * `token_use`, `exp`/`nbf`/`iat`, and the required groups and scopes. The pool ID is validated by `definePool`'s rule.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ userPoolId: 'eu-west-1_AbC123xyZ', clientId: '4tg7fhidb5adr5jc1bna4me2i6', tokenUse: 'access' });
 * const claims = await verifier.verify(bearerToken, { scopes: ['orders/read'] });
 * ```
 */
export function createVerifier<T extends TokenUse | null>(options: VerifierOptions<T>): CognitoVerifier<T> {
  // The one pool rule: the same validation (and issuer) as defineCognito.
  const pool = definePool({ userPoolId: options.userPoolId, ...(options.issuer ? { issuer: options.issuer } : {}) });
  if (options.clientId === undefined) {
    throw new CognitoConfigError(
      'CONFIG_REQUIRED',
      'clientId',
      'is required: the app client ID(s) whose tokens to accept, or null to accept any client on purpose.',
    );
  }
  if (options.tokenUse !== 'id' && options.tokenUse !== 'access' && options.tokenUse !== null) {
    throw new CognitoConfigError(
      'CONFIG_REQUIRED',
      'tokenUse',
      'expected "id", "access", or null to accept both on purpose.',
    );
  }
  const issuer = pool.issuer;
  const clientIds = options.clientId === null ? null : new Set(list(options.clientId));
  const tolerance = options.clockToleranceSeconds ?? 5;
  const maxLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  const baseGroups = list(options.groups);
  const baseScopes = list(options.scopes);
  const jwks = isJwksCache(options.jwks)
    ? options.jwks
    : createJwksCache({
        uri: options.jwks ? '' : (options.jwksUri ?? `${issuer}/.well-known/jwks.json`),
        keys: options.jwks?.keys,
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        signatureBackend: options.signatureBackend,
      });

  // Remembers tokens whose signature already verified: repeated tokens skip RSA, never the claim checks.
  const cacheSize = options.cacheSize ?? 1024;
  const verified = new Map<string, { kid: string; payload: Record<string, unknown> }>();
  jwks.onKeysRemoved((kids) => {
    for (const [token, entry] of verified) if (kids.includes(entry.kid)) verified.delete(token);
  });

  // A token is remembered on its second sighting. `seen` holds a fingerprint of recent tokens' last characters (random
  // signature bytes) per slot, so a stream of distinct tokens costs no cache insert, lookup or retained memory. A
  // collision only costs a repeated RSA check: the cache itself is keyed by the whole token.
  const seen = new Int32Array(cacheSize > 0 ? 4096 : 0);
  const slotOf = (token: string) =>
    (token.charCodeAt(token.length - 6) ^ (token.charCodeAt(token.length - 7) << 6)) & 4095;
  const printOf = (token: string) =>
    (token.charCodeAt(token.length - 2) |
      (token.charCodeAt(token.length - 3) << 7) |
      (token.charCodeAt(token.length - 4) << 14) |
      (token.charCodeAt(token.length - 5) << 21)) +
    1;
  const remember = (token: string, kid: string, payload: Record<string, unknown>) => {
    if (cacheSize <= 0) return;
    const slot = slotOf(token);
    const print = printOf(token);
    if (seen[slot] !== print) {
      seen[slot] = print;
      return;
    }
    if (verified.size >= cacheSize) verified.delete(verified.keys().next().value as string);
    verified.set(token, { kid, payload });
  };
  const signatureFails = () =>
    new CognitoTokenError('TOKEN_SIGNATURE_INVALID', "The token's signature does not match the pool's signing key.");
  const verifyAsync = async (
    token: string,
    { header, payload, signingInput, signature }: ParsedJwt,
    ready: VerifyKey | undefined,
  ) => {
    const key = ready ?? (await jwks.getKey(header.kid));
    let valid = false;
    try {
      valid = await key.verify(signingInput, signature);
    } catch {
      valid = false;
    }
    if (!valid) throw signatureFails();
    deepFreeze(payload);
    // The key may have left the JWKS while this awaited (a refetch after a rotation, whose removal already cleared the
    // cache): remember only what a key still in it verified, or the token would skip the key lookup from then on.
    if (jwks.peekKey(header.kid) === key) remember(token, header.kid, payload);
    return payload;
  };
  // The verified payload, synchronously where the runtime verifies synchronously (node:crypto) and the key is already
  // imported: no promise and no buffer allocation per token on the hot path. Otherwise (Web Crypto, a key still to
  // fetch) a promise of it, from the strict parser.
  const checkSignature = (token: string): Record<string, unknown> | Promise<Record<string, unknown>> => {
    // (typeof first: a caller's undefined must reach splitJwt's TOKEN_MALFORMED, not a TypeError from charCodeAt.)
    if (verified.size > 0 && typeof token === 'string' && seen[slotOf(token)] === printOf(token)) {
      const hit = verified.get(token);
      if (hit) return hit.payload;
    }
    // No scan for a fourth part here: the signature part must be canonical base64url, which has no dot.
    const { header, first, second } = splitJwt(token, maxLength, true);
    const key = jwks.peekKey(header.kid);
    if (!key?.verifySync) return verifyAsync(token, parseJwt(token, maxLength), key);
    const input = asciiBytesTransient(token, second);
    const text = input && decodeSignedTextPart(token.slice(first + 1, second));
    const payload = text === undefined ? undefined : parseJsonObject(text);
    const signature = payload && decodeBase64UrlTransient(token.slice(second + 1));
    let valid = false;
    if (input && signature && signature.length > 0) {
      try {
        valid = key.verifySync(input, signature);
      } catch {
        valid = false;
      }
    }
    if (!valid || !payload) {
      // The strict parser gives the verdict the other paths give (shape, then payload, then signature encoding);
      // a token it accepts has a signature that does not match.
      parseJwt(token, maxLength);
      throw signatureFails();
    }
    freezeClaims(payload, text as string);
    remember(token, header.kid, payload);
    return payload;
  };

  const expectations: Expectations = {
    issuer,
    clientIds,
    tokenUse: options.tokenUse,
    tolerance,
    groups: baseGroups,
    scopes: baseScopes,
    nonce: undefined,
  };
  const claimsFor = (payload: Record<string, unknown>, callOptions: VerifyOptions) => {
    const { groups, scopes, nonce } = callOptions;
    checkClaims(
      payload,
      groups === undefined && scopes === undefined && nonce === undefined
        ? expectations
        : {
            ...expectations,
            groups: groups !== undefined ? list(groups) : baseGroups,
            scopes: scopes !== undefined ? list(scopes) : baseScopes,
            nonce,
          },
    );
    return payload as ClaimsFor<T>;
  };

  return {
    issuer,
    jwks,
    verify(token, callOptions = NO_OPTIONS) {
      try {
        const payload = checkSignature(token);
        if (payload instanceof Promise) return payload.then((verified) => claimsFor(verified, callOptions));
        return Promise.resolve(claimsFor(payload, callOptions));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

// The options of a call that gives none: one shared object, not a new one per call on the hot path.
const NO_OPTIONS: VerifyOptions = Object.freeze({});

/**
 * Deep-freezes verified claims (they are shared between callers and the cache, so nobody may change them), with a hint
 * from their JSON text about what needs a walk: JSON nests only with '[' or '{', so a text with no '{' after its first
 * character and a single '[' that belongs to `cognito:groups` (an array, whose own elements then cannot nest) holds
 * nothing else to freeze. That is most Cognito tokens, and walking every claim costs as much per token as checking
 * them all.
 */
function freezeClaims(claims: Record<string, unknown>, text: string): void {
  Object.freeze(claims);
  const open = text.indexOf('[');
  if (text.indexOf('{', 1) < 0) {
    if (open < 0) return;
    // An own list only: one inherited from a polluted Object.prototype says nothing about the text's single '['.
    const groups = Object.hasOwn(claims, 'cognito:groups') ? claims['cognito:groups'] : undefined;
    if (Array.isArray(groups) && text.indexOf('[', open + 1) < 0) {
      Object.freeze(groups);
      return;
    }
  }
  deepFreeze(claims);
}

// A loop over a list of objects still to freeze, not recursion: however deeply a payload nests, no RangeError.
// (Object.values, not for...in: measurably cheaper per token in V8.)
function deepFreeze(value: object): void {
  const pending: object[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    Object.freeze(next);
    const inner = Object.values(next);
    for (let i = 0; i < inner.length; i++) {
      const item: unknown = inner[i];
      if (typeof item === 'object' && item !== null && !Object.isFrozen(item)) pending.push(item);
    }
  }
}

interface Expectations {
  issuer: string;
  clientIds: Set<string> | null;
  tokenUse: TokenUse | null;
  tolerance: number;
  groups: readonly string[];
  scopes: readonly string[];
  nonce: string | undefined;
}

function numeric(payload: Record<string, unknown>, claim: string, required: boolean): number | undefined {
  const value = payload[claim];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CognitoTokenError(
      'TOKEN_CLAIM_INVALID',
      `The "${claim}" claim must be a number of seconds since the epoch.`,
      { claim },
    );
  }
  return value;
}

/** Checks every claim rule for a Cognito token; the payload's signature is already verified. */
export function checkClaims(
  payload: Record<string, unknown>,
  expect: Expectations,
  nowSeconds = Date.now() / 1000,
): void {
  if (payload.iss !== expect.issuer) {
    throw new CognitoTokenError(
      'TOKEN_ISSUER_MISMATCH',
      `The token was issued by another pool or issuer; expected ${expect.issuer}.`,
      { claim: 'iss' },
    );
  }
  const use = payload.token_use;
  if (use !== 'id' && use !== 'access') {
    throw new CognitoTokenError('TOKEN_USE_MISMATCH', 'The "token_use" claim must be "id" or "access".', {
      claim: 'token_use',
    });
  }
  if (expect.tokenUse !== null && use !== expect.tokenUse) {
    throw new CognitoTokenError('TOKEN_USE_MISMATCH', `Expected an ${expect.tokenUse} token but got an ${use} token.`, {
      claim: 'token_use',
    });
  }
  const exp = numeric(payload, 'exp', true) as number;
  if (nowSeconds > exp + expect.tolerance) {
    throw new CognitoTokenError('TOKEN_EXPIRED', `The token expired at ${new Date(exp * 1000).toISOString()}.`, {
      claim: 'exp',
    });
  }
  const iat = numeric(payload, 'iat', true) as number;
  if (iat > nowSeconds + expect.tolerance) {
    throw new CognitoTokenError(
      'TOKEN_ISSUED_IN_FUTURE',
      'The token claims to be issued in the future; check the server clock.',
      { claim: 'iat' },
    );
  }
  const nbf = numeric(payload, 'nbf', false);
  if (nbf !== undefined && nbf > nowSeconds + expect.tolerance) {
    throw new CognitoTokenError('TOKEN_NOT_YET_VALID', 'The token is not valid yet ("nbf").', { claim: 'nbf' });
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new CognitoTokenError('TOKEN_CLAIM_INVALID', 'The token has no "sub".', { claim: 'sub' });
  }
  if (use === 'id') {
    if (typeof payload.aud !== 'string' || (expect.clientIds && !expect.clientIds.has(payload.aud))) {
      throw new CognitoTokenError(
        'TOKEN_AUDIENCE_MISMATCH',
        'The ID token was issued for another app client ("aud").',
        { claim: 'aud' },
      );
    }
    if (expect.nonce !== undefined && payload.nonce !== expect.nonce) {
      throw new CognitoTokenError(
        'TOKEN_NONCE_MISMATCH',
        'The ID token nonce does not match the one sent with this login.',
        { claim: 'nonce' },
      );
    }
  } else {
    if (typeof payload.client_id !== 'string' || (expect.clientIds && !expect.clientIds.has(payload.client_id))) {
      throw new CognitoTokenError(
        'TOKEN_CLIENT_ID_MISMATCH',
        'The access token was issued for another app client ("client_id").',
        { claim: 'client_id' },
      );
    }
    if ('aud' in payload) {
      // Cognito access tokens never carry aud; one that does was minted elsewhere.
      throw new CognitoTokenError('TOKEN_CLAIM_INVALID', 'A Cognito access token has no "aud" claim; this one does.', {
        claim: 'aud',
      });
    }
  }
  if (expect.groups.length) requireGroup(payload, expect.groups);
  if (expect.scopes.length) {
    const scopes = scopesOf(payload);
    const missing = expect.scopes.filter((s) => !scopes.includes(s));
    if (missing.length) {
      throw new CognitoTokenError(
        'TOKEN_SCOPE_REQUIRED',
        `The token lacks the required scope(s) ${missing.join(', ')}.`,
        { claim: 'scope' },
      );
    }
  }
}
