// Pools whose users sign in with an e-mail address or phone number (Cognito's UsernameAttributes): the generated
// username, and one confirmed account per address.
import { uuid } from '../random.js';
import type { User, UserPool } from '../user-pool.js';
import { ApiError, invalidParameter } from './errors.js';

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+\d{4,15}$/;

/** Cognito's complaint about a username that is none of the pool's sign-in attributes. */
function notASignInAttribute(pool: UserPool): ApiError {
  const kinds = pool.usernameAttributes.map((name) => (name === 'email' ? 'an email' : 'a phone number'));
  return invalidParameter(`Username should be ${kinds.length > 1 ? `either ${kinds.join(' or ')}` : kinds[0]}.`);
}

/**
 * What a new user of the pool is created as (SignUp, AdminCreateUser, the hosted UI's sign-up): unchanged in a pool
 * with usernames; in a pool with `usernameAttributes`, a generated username (a UUID that is also the `sub`) with the
 * given e-mail or phone number as that attribute. Refuses a value that is neither, and an address a confirmed user
 * already signs in with (`UsernameExistsException` "An account with the given email already exists.").
 *
 * @example
 * ```ts
 * const { username, sub, attributes } = newUserIdentity(pool, 'zoe@example.com', {});
 * // username === sub, a UUID; attributes.email === 'zoe@example.com'
 * ```
 */
export function newUserIdentity(
  pool: UserPool,
  given: string,
  attributes: Record<string, string>,
): { username: string; sub?: string; attributes: Record<string, string> } {
  if (pool.usernameAttributes.length === 0) return { username: given, attributes };
  const attribute = pool.usernameAttributes.find((name) => (name === 'email' ? EMAIL : PHONE).test(given));
  if (!attribute) throw notASignInAttribute(pool);
  if (pool.userWithSignInAttribute(given, true))
    throw new ApiError('UsernameExistsException', `An account with the given ${attribute} already exists.`);
  const id = uuid();
  return { username: id, sub: id, attributes: { ...attributes, [attribute]: given } };
}

/**
 * Refuses to confirm `user`, or to give it the addresses in `attributes` (an attribute update), when another confirmed
 * user already signs in with one of them: Cognito's
 * `AliasExistsException` ("an account with this email address or phone already exists"), with the message
 * Cognito's API gives it.
 *
 * @example
 * ```ts
 * checkAddressesFree(ctx.pool, user); // before user.status = 'CONFIRMED'
 * ```
 */
export function checkAddressesFree(
  pool: UserPool,
  user: User,
  attributes: Readonly<Record<string, string>> = user.attributes,
): void {
  for (const name of pool.usernameAttributes) {
    const value = attributes[name];
    if (value && pool.userWithSignInAttribute(value, true, user))
      throw new ApiError('AliasExistsException', `An account with the given ${name} already exists.`);
  }
}
