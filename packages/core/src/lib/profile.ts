// Turns verified Cognito claims into one normalized profile, whatever token or federated IdP they came from.
import { type CognitoIdentity, groupsOf } from './claims.js';

/** One normalized user, whatever token or federated IdP the claims came from (see `profileFromClaims`). */
export interface CognitoProfile {
  /** Stable user ID within the pool: the key to store. */
  sub: string;
  /** `cognito:username` (ID token) or `username` (access token); `<Provider>_<id>` for federated users. */
  username: string;
  email: string | undefined;
  /** True only when Cognito says the email was verified. Never link accounts by email otherwise. */
  emailVerified: boolean;
  phoneNumber: string | undefined;
  phoneNumberVerified: boolean;
  name: string | undefined;
  givenName: string | undefined;
  familyName: string | undefined;
  groups: string[];
  identities: Array<{
    userId: string;
    providerName: string;
    providerType: string;
    primary: boolean;
    dateCreated: Date | undefined;
  }>;
  /** The federated IdP that signed the user in (primary identity), or null for a native pool user. */
  provider: { name: string; type: string; userId: string } | null;
  isFederated: boolean;
  /** `custom:*` attributes, without the prefix. */
  custom: Record<string, string>;
}

/** Cognito writes booleans as JSON booleans in tokens but as "true"/"false" strings in userInfo and identities. */
export function claimBoolean(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Contact claims a user can set to any address (sign-up, UpdateUserAttributes), each with the claim saying Cognito verified it. */
const CONTACT_CLAIMS: Readonly<Record<string, string>> = Object.freeze({
  email: 'email_verified',
  phone_number: 'phone_number_verified',
});

/**
 * The claims without an email or phone number Cognito has not verified. A user can change their email to anyone's
 * (Cognito then keeps the new address in their tokens with `email_verified: false`), so an unverified address proves
 * nothing and must not reach anything that trusts it: a site's visitor token, an identity header, an account match.
 *
 * @example
 * ```ts
 * verifiedClaims({ sub: 's', email: 'ceo@example.com', email_verified: false }); // { sub: 's', email_verified: false }
 * verifiedClaims({ sub: 's', email: 'me@example.com', email_verified: true }); // unchanged
 * ```
 */
export function verifiedClaims(claims: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept = { ...claims };
  for (const [claim, verified] of Object.entries(CONTACT_CLAIMS)) {
    if (!claimBoolean(claims[verified])) delete kept[claim];
  }
  return kept;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function parseIdentities(value: unknown): CognitoProfile['identities'] {
  // Some integrations pass identities as a JSON string (e.g. from a Lambda trigger); accept both shapes.
  let raw: unknown = value;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(
      (i): i is CognitoIdentity =>
        typeof i === 'object' && i !== null && typeof (i as CognitoIdentity).providerName === 'string',
    )
    .map((i) => {
      const created = Number(i.dateCreated);
      return {
        userId: String(i.userId ?? ''),
        providerName: i.providerName,
        providerType: String(i.providerType ?? ''),
        primary: claimBoolean(i.primary),
        dateCreated: Number.isFinite(created) ? new Date(created) : undefined,
      };
    });
}

/**
 * Turns verified claims (ID or access token) into one normalized profile; `emailVerified` is true only when Cognito
 * says so, and `provider` names the federated IdP of the primary identity.
 *
 * @example
 * ```ts
 * const profile = profileFromClaims(await cognito.verifyIdToken(idToken));
 * if (profile.emailVerified) linkAccount(profile.email);
 * ```
 */
export function profileFromClaims(claims: Record<string, unknown>): CognitoProfile {
  const identities = parseIdentities(claims.identities);
  const primary = identities.find((i) => i.primary) ?? identities[0];
  const custom: Record<string, string> = {};
  for (const [key, value] of Object.entries(claims)) {
    if (key.startsWith('custom:') && value !== undefined && value !== null) custom[key.slice(7)] = String(value);
  }
  return {
    sub: String(claims.sub),
    username: str(claims['cognito:username']) ?? str(claims.username) ?? String(claims.sub),
    email: str(claims.email),
    emailVerified: claimBoolean(claims.email_verified),
    phoneNumber: str(claims.phone_number),
    phoneNumberVerified: claimBoolean(claims.phone_number_verified),
    name: str(claims.name),
    givenName: str(claims.given_name),
    familyName: str(claims.family_name),
    groups: groupsOf(claims),
    identities,
    provider: primary ? { name: primary.providerName, type: primary.providerType, userId: primary.userId } : null,
    isFederated: identities.length > 0,
    custom,
  };
}
