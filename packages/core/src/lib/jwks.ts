// The pool's signing keys, cached: an unknown kid triggers at most one fetch in flight, and fetches are rate-limited.
import { CognitoHttpError, CognitoTokenError } from './errors.js';
import { fetchJson } from './http.js';
import {
  type JsonWebKey,
  type SignatureBackend,
  type VerifyKey,
  importVerifyKey,
  isUsableRsaKey,
} from './signature.js';

/** Where `createJwksCache` fetches keys from (or fixed keys), and how. */
export interface JwksCacheOptions {
  /** The pool's `/.well-known/jwks.json`. */
  uri: string;
  /** Keys known up front (e.g. a saved JWKS); the cache still refetches on an unknown kid unless `uri` is empty. */
  keys?: readonly JsonWebKey[];
  /** Minimum time between two fetches triggered by unknown kids. Default 10 000 ms. */
  minRefetchIntervalMs?: number;
  /** A custom `fetch` for the JWKS request (proxies, tests). Default: the global `fetch`. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  signatureBackend?: SignatureBackend;
}

/** A pool's signing keys, fetched once and refetched (rate-limited) for an unknown `kid`; shared by verifiers. */
export interface JwksCache {
  /** The key for `kid`, fetching the JWKS when it is unknown and a fetch is allowed. */
  getKey(kid: string): Promise<VerifyKey>;
  /** The key for `kid` if it is already imported, without waiting. */
  peekKey(kid: string): VerifyKey | undefined;
  /**
   * Called with the kids that disappeared after a refetch, or came back with other key material, so verified-token
   * caches can drop what they signed.
   */
  onKeysRemoved(listener: (kids: string[]) => void): void;
  /** Number of JWKS fetches made so far (for tests and monitoring). */
  readonly fetchCount: number;
}

/**
 * A pool's key cache: one fetch in flight, a refetch at most every 10 s for an unknown `kid`, cached keys kept
 * through an outage (`JWKS_UNAVAILABLE` only when the keys were never fetched). Share one between verifiers.
 *
 * @example
 * ```ts
 * const jwks = createJwksCache({ uri: pool.jwksUri });
 * const ids = createVerifier({ userPoolId, clientId, tokenUse: 'id', jwks });
 * const access = createVerifier({ userPoolId, clientId, tokenUse: 'access', jwks });
 * ```
 */
export function createJwksCache(options: JwksCacheOptions): JwksCache {
  const minInterval = options.minRefetchIntervalMs ?? 10_000;
  const backend = options.signatureBackend ?? 'auto';
  let keys = new Map<string, Promise<VerifyKey>>();
  // The material each kid was imported from: a JWKS may republish a kid with another key, which then replaces it.
  let materials = new Map<string, string>();
  // Imported keys, readable without awaiting: the common case on the hot path.
  const ready = new Map<string, VerifyKey>();
  let inFlight: Promise<void> | undefined;
  let lastFetchAt = -Infinity;
  let fetchCount = 0;
  let everLoaded = false;
  const listeners: Array<(kids: string[]) => void> = [];

  const load = (jwks: readonly JsonWebKey[]) => {
    const next = new Map<string, Promise<VerifyKey>>();
    const nextMaterials = new Map<string, string>();
    for (const jwk of jwks) {
      if (!isUsableRsaKey(jwk)) continue;
      const kid = jwk.kid as string;
      const material = `${jwk.n}.${jwk.e}`;
      const key =
        (materials.get(kid) === material ? keys.get(kid) : undefined) ??
        importVerifyKey(jwk, backend).then((imported) => {
          if (keys.get(kid) === key) ready.set(kid, imported);
          return imported;
        });
      key.catch(() => undefined);
      next.set(kid, key);
      nextMaterials.set(kid, material);
    }
    // A kid gone, or republished with other material: its old key is dropped, and so is every token it verified.
    const removed = [...keys.keys()].filter((kid) => next.get(kid) !== keys.get(kid));
    for (const kid of removed) ready.delete(kid);
    keys = next;
    materials = nextMaterials;
    everLoaded = true;
    if (removed.length) for (const listener of listeners) listener(removed);
  };
  if (options.keys) load(options.keys);

  const refetch = async () => {
    lastFetchAt = Date.now();
    fetchCount++;
    const body = await fetchJson(options.uri, { fetch: options.fetch, timeoutMs: options.timeoutMs, what: 'the JWKS' });
    const list = (body as { keys?: unknown }).keys;
    if (!Array.isArray(list)) {
      throw new CognitoHttpError('HTTP_INVALID_RESPONSE', 'The JWKS document has no "keys" array.', {
        url: options.uri,
      });
    }
    load(list as JsonWebKey[]);
  };

  return {
    get fetchCount() {
      return fetchCount;
    },
    peekKey(kid) {
      return ready.get(kid);
    },
    onKeysRemoved(listener) {
      listeners.push(listener);
    },
    async getKey(kid) {
      let key = keys.get(kid);
      if (key) return key;
      if (options.uri && (inFlight || Date.now() - lastFetchAt >= minInterval)) {
        inFlight ??= refetch().finally(() => {
          inFlight = undefined;
        });
        try {
          await inFlight;
        } catch (cause) {
          // An outage keeps the keys we have; only a pool we never reached is "unavailable".
          if (!everLoaded) {
            throw new CognitoHttpError(
              'JWKS_UNAVAILABLE',
              `The pool's signing keys could not be fetched from ${options.uri}.`,
              { url: options.uri, cause },
            );
          }
        }
        key = keys.get(kid);
        if (key) return key;
      }
      throw new CognitoTokenError('TOKEN_KID_UNKNOWN', "The token's kid is not one of the pool's signing keys.", {
        claim: 'kid',
      });
    },
  };
}
