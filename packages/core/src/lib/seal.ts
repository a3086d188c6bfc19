// Sealed, expiring JSON (jose JWE, dir + A256GCM): how login transactions and adapter sessions travel in cookies.
import { EncryptJWT, jwtDecrypt, errors as joseErrors, type JWTPayload } from 'jose';
import { CognitoFlowError } from './errors.js';

const encoder = new TextEncoder();
const keys = new Map<string, Promise<Uint8Array>>();

/** One key per (secret, purpose): a sealed transaction can never be replayed as a session cookie, or the reverse. */
function deriveKey(secret: string, purpose: string): Promise<Uint8Array> {
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = crypto.subtle.digest('SHA-256', encoder.encode(`cognito-connect/${id}`)).then((d) => new Uint8Array(d));
    if (keys.size > 64) keys.clear();
    keys.set(id, key);
  }
  return key;
}

/** How `seal` binds sealed data: a purpose (domain separation) and a lifetime. */
export interface SealOptions {
  /** Domain separation, e.g. "transaction" or "visitor-session". */
  purpose: string;
  ttlSeconds: number;
}

/**
 * Encrypts and authenticates `data` so only holders of `secret` can read it, until `ttlSeconds` pass.
 *
 * @example
 * ```ts
 * const cookie = await seal({ sub: profile.sub }, secret, { purpose: 'session', ttlSeconds: 3600 });
 * ```
 */
export async function seal(data: Record<string, unknown>, secret: string, options: SealOptions): Promise<string> {
  return new EncryptJWT(data as JWTPayload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: options.purpose })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + options.ttlSeconds)
    .encrypt(await deriveKey(secret, options.purpose));
}

/**
 * Opens what `seal` produced; throws FLOW_TRANSACTION_EXPIRED or FLOW_TRANSACTION_INVALID (tampered, wrong secret or purpose).
 *
 * @example
 * ```ts
 * const session = await unseal<{ sub: string }>(cookie, secret, 'session'); // throws FLOW_TRANSACTION_EXPIRED/INVALID
 * ```
 */
export async function unseal<T extends Record<string, unknown>>(
  sealed: string,
  secret: string,
  purpose: string,
): Promise<T & { iat: number; exp: number }> {
  if (typeof sealed !== 'string' || sealed.length === 0 || sealed.length > 8192) {
    throw new CognitoFlowError('FLOW_TRANSACTION_INVALID', `The sealed ${purpose} is missing or malformed.`);
  }
  try {
    const { payload, protectedHeader } = await jwtDecrypt(sealed, await deriveKey(secret, purpose), {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      clockTolerance: 0,
    });
    if (protectedHeader.cty !== purpose) throw new Error('purpose mismatch');
    return payload as T & { iat: number; exp: number };
  } catch (cause) {
    if (cause instanceof joseErrors.JWTExpired) {
      throw new CognitoFlowError('FLOW_TRANSACTION_EXPIRED', `The sealed ${purpose} has expired; start again.`, {
        cause,
      });
    }
    throw new CognitoFlowError(
      'FLOW_TRANSACTION_INVALID',
      `The sealed ${purpose} was tampered with or sealed with another secret.`,
      { cause },
    );
  }
}
