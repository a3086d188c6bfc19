// Unguessable identifiers for codes, sessions and tokens, in one place so their strength is uniform.
import { randomBytes, randomUUID } from 'node:crypto';

/** A URL-safe random string carrying `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A random UUID v4, the form Cognito uses for `jti`, `event_id`, `origin_jti` and codes. */
export const uuid = (): string => randomUUID();
