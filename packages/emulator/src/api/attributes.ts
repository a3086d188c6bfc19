// Attribute writes and code delivery, shared by sign-up, self-service and admin actions.
import { isAttributeName } from '../seed.js';
import type { User, UserPool } from '../user-pool.js';
import { invalidParameter } from './errors.js';

/** Checks names against the pool's schema (standard OIDC or `custom:`); `sub` is never writable. */
export function checkAttributeNames(attributes: Record<string, string>): void {
  for (const name of Object.keys(attributes)) {
    if (name === 'sub') throw invalidParameter('Cannot modify the non-mutable attribute sub');
    if (!isAttributeName(name)) throw invalidParameter(`Attribute does not exist in the schema: ${name}`);
  }
}

/** Refuses attributes that leave one of the pool's required attributes empty, naming it as Cognito does. */
export function checkRequiredAttributes(pool: UserPool, attributes: Record<string, string>): void {
  const missing = pool.requiredAttributes.find((name) => !attributes[name]);
  if (missing)
    throw invalidParameter(`Attributes did not conform to the schema: ${missing}: The attribute is required`);
}

/** A masked destination, as Cognito shows it: `a***@e***` for an e-mail, `+*******0101` for a phone number. *
 * @example
 * ```ts
 * maskedDestination(user, 'SMS'); // "+*******0101"
 * ```
 */
export function maskedDestination(user: User, medium: 'EMAIL' | 'SMS'): string {
  if (medium === 'SMS') return `+*******${(user.attributes.phone_number ?? '').slice(-4)}`;
  const [local = '', domain = ''] = (user.attributes.email ?? '').split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}

/** Where Cognito says it sent a code: the masked e-mail (or phone), never the code. */
export function deliveryOf(user: User): { Destination: string; DeliveryMedium: string; AttributeName: string } {
  if (user.attributes.email)
    return { Destination: maskedDestination(user, 'EMAIL'), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  return { Destination: maskedDestination(user, 'SMS'), DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
}
