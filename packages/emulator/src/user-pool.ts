// The pool's lasting data (clients, groups, users, identity providers), seeded once and changed by the admin API.
import type { Seed, SeedClient, SeedGroup, SeedIdentityProvider } from './seed.js';

/** One entry of a federated user's `identities` claim; every value is a string (or null), as Cognito sends it. */
export interface Identity {
  readonly userId: string;
  readonly providerName: string;
  readonly providerType: 'OIDC';
  readonly issuer: null;
  readonly primary: 'true';
  readonly dateCreated: string;
}

export interface User {
  readonly username: string;
  /** Absent for federated users: they can only sign in through their identity provider. */
  password: string | undefined;
  readonly sub: string;
  /** Stored as strings, as Cognito stores them; tokens turn `*_verified` back into booleans. */
  attributes: Record<string, string>;
  groups: Set<string>;
  enabled: boolean;
  identities: Identity[] | undefined;
  /** Cognito's `UserStatus`; absent means `CONFIRMED` (seeded and admin-added users). */
  status?: UserStatus;
  /** Milliseconds since the epoch; absent for seeded users (the emulator's start is used). */
  createdAt?: number;
  /**
   * A confirmed TOTP secret (base32) once VerifySoftwareToken succeeded, whether sign-ins must use it, and the time
   * step of the last code it accepted (each code works once).
   */
  totp?: { secret: string; enabled: boolean; lastUsedStep?: number | undefined };
  /** SMS MFA enabled (`SMSMfaSettings`): sign-ins answer a code sent to `phone_number`. */
  smsMfa?: boolean;
  /** E-mail MFA enabled (`EmailMfaSettings`): sign-ins answer a code sent to `email`. */
  emailMfa?: boolean;
  /** The factor `PreferredMfa` chose, used when several are enabled. */
  preferredMfa?: MfaFactor | undefined;
}

/** A seeded `totpSecret` as the user's enabled software token (nothing when absent). */
export const seededTotp = (secret: string | undefined): Pick<User, 'totp'> =>
  secret ? { totp: { secret, enabled: true } } : {};

/** A second factor a user can enable, by the name of the challenge it answers. */
export type MfaFactor = 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP';

/** The factors `user` enabled, in the order `UserMFASettingList` lists them. *
 * @example
 * ```ts
 * enabledFactors(user); // ["SOFTWARE_TOKEN_MFA", "SMS_MFA"]
 * ```
 */
export function enabledFactors(user: User): MfaFactor[] {
  const factors: MfaFactor[] = [];
  if (user.totp?.enabled) factors.push('SOFTWARE_TOKEN_MFA');
  if (user.smsMfa) factors.push('SMS_MFA');
  if (user.emailMfa) factors.push('EMAIL_OTP');
  return factors;
}

/**
 * The MFA step a user's sign-in needs after the password: nothing in a pool with MFA `OFF` ("MFA won't be used for any
 * users", whatever the user set up); the one factor the user enabled (or the preferred one of several, or a choice,
 * `SELECT_MFA_TYPE`, when none is preferred); a token only verified counts when the pool requires MFA; setting a
 * token up when the pool requires MFA and the user has no factor; otherwise nothing.
 *
 * @example
 * ```ts
 * if (mfaStepOf(pool, user) === "SMS_MFA") sendMfaCode(state, user, "SMS_MFA");
 * ```
 */
export function mfaStepOf(pool: UserPool, user: User): MfaFactor | 'SELECT_MFA_TYPE' | 'MFA_SETUP' | undefined {
  if (pool.mfaConfiguration === 'OFF') return undefined;
  const factors = enabledFactors(user);
  if (factors.length === 0 && pool.mfaConfiguration === 'ON' && user.totp) return 'SOFTWARE_TOKEN_MFA';
  if (factors.length === 0) return pool.mfaConfiguration === 'ON' ? 'MFA_SETUP' : undefined;
  if (factors.length === 1) return factors[0];
  return user.preferredMfa && factors.includes(user.preferredMfa) ? user.preferredMfa : 'SELECT_MFA_TYPE';
}

/** The user statuses the emulator models, spelled as Cognito's `UserStatus`. */
export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED' | 'EXTERNAL_PROVIDER';

export type Client = SeedClient;
export type Group = SeedGroup;
/** A provider ready to federate with: a stand-in's issuer and credentials are filled in by the emulator. */
export type IdentityProvider = Omit<SeedIdentityProvider, 'issuer' | 'clientId' | 'clientSecret'> & {
  issuer: string;
  clientId: string;
  clientSecret: string;
};

/** Everything a user pool holds; usernames match case-insensitively, as in a new Cognito pool. */
export class UserPool {
  readonly clients = new Map<string, Client>();
  readonly groups = new Map<string, Group>();
  readonly identityProviders = new Map<string, IdentityProvider>();
  private readonly users = new Map<string, User>();
  /** Attributes every user must have (the seed's `userPool.requiredAttributes`). */
  requiredAttributes: readonly string[] = [];
  /** The seed's `userPool.allowAdminCreateUserOnly`: false allows self sign-up everywhere, true nowhere. */
  allowAdminCreateUserOnly: boolean | undefined;
  /**
   * The seed's `userPool.mfaConfiguration`: `ON` makes every user (not federated) sign in with a second factor, `OFF`
   * none.
   */
  mfaConfiguration: 'OFF' | 'OPTIONAL' | 'ON' = 'OPTIONAL';
  /** The seed's `userPool.usernameAttributes`: users sign in with these attributes instead of a username. */
  usernameAttributes: readonly ('email' | 'phone_number')[] = [];

  constructor(
    readonly id: string,
    readonly name: string,
    readonly region: string,
  ) {}

  /** Everything but identity providers, which need the emulator's URL (see StandInHost). */
  static fromSeed(seed: Seed, region: string): UserPool {
    const pool = new UserPool(seed.userPool.id, seed.userPool.name, region);
    pool.requiredAttributes = seed.userPool.requiredAttributes;
    pool.allowAdminCreateUserOnly = seed.userPool.allowAdminCreateUserOnly;
    pool.mfaConfiguration = seed.userPool.mfaConfiguration;
    pool.usernameAttributes = seed.userPool.usernameAttributes;
    for (const client of seed.clients) pool.clients.set(client.clientId, client);
    for (const group of seed.groups) pool.groups.set(group.name, group);
    for (const u of seed.users) {
      pool.putUser({
        username: u.username,
        password: u.password,
        sub: u.sub ?? '',
        attributes: u.attributes,
        groups: new Set(u.groups),
        enabled: u.enabled,
        identities: undefined,
        ...seededTotp(u.totpSecret),
      });
    }
    return pool;
  }

  /**
   * The user named `username`, or in a pool with `usernameAttributes` the user with that e-mail (any case) or phone
   * number, a confirmed one first.
   */
  user(username: string): User | undefined {
    const named = this.users.get(username.toLowerCase());
    if (named || this.usernameAttributes.length === 0) return named;
    return this.userWithSignInAttribute(username, true) ?? this.userWithSignInAttribute(username, false);
  }

  /** The user (confirmed or not, as `confirmed` says) whose e-mail or phone number, as sign-in attributes, is `value`. */
  userWithSignInAttribute(value: string, confirmed: boolean, except?: User): User | undefined {
    const wanted = value.toLowerCase();
    return [...this.users.values()].find(
      (u) =>
        u !== except &&
        (u.status === undefined || u.status === 'CONFIRMED') === confirmed &&
        this.usernameAttributes.some((name) => u.attributes[name]?.toLowerCase() === wanted),
    );
  }

  putUser(user: User): void {
    this.users.set(user.username.toLowerCase(), user);
  }

  deleteUser(username: string): boolean {
    return this.users.delete(username.toLowerCase());
  }

  allUsers(): User[] {
    return [...this.users.values()];
  }

  /** The pool's required attributes `user` has no value for. */
  missingAttributes(user: User): string[] {
    return this.requiredAttributes.filter((name) => !user.attributes[name]);
  }

  /** The user's groups ordered by precedence (lowest first), then name, as `cognito:groups` lists them. */
  groupsOf(user: User): string[] {
    const precedence = (name: string) => this.groups.get(name)?.precedence ?? Number.MAX_SAFE_INTEGER;
    return [...user.groups].sort((a, b) => precedence(a) - precedence(b) || a.localeCompare(b));
  }

  /** The identity provider named by `identity_provider`, or found by one of its `idp_identifier`s. */
  findIdentityProvider(by: { name?: string; identifier?: string }): IdentityProvider | undefined {
    if (by.name) return this.identityProviders.get(by.name);
    const identifier = by.identifier?.toLowerCase();
    return [...this.identityProviders.values()].find((p) => p.identifiers.some((i) => i.toLowerCase() === identifier));
  }
}
