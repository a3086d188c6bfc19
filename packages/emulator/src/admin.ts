// The admin API behind both `emulator.admin.*` and `/__emulator/*`: tests change the pool while it runs.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { EmulatorContext } from './context.js';
import { uuid } from './random.js';
import {
  attributePatchSchema,
  clientSchema,
  groupSchema,
  identityProviderSchema,
  parseWith,
  userSchema,
  type SeedClient,
  type SeedClientInput,
  type SeedGroup,
  type SeedIdentityProviderInput,
  type SeedUserInput,
} from './seed.js';
import { seededTotp, type Identity, type User } from './user-pool.js';
import type { IssuedCode } from './api/state.js';

/** A user as the admin API shows it: everything but the password. */
export interface UserView {
  readonly username: string;
  readonly sub: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
  readonly enabled: boolean;
  readonly identities?: readonly Identity[];
}

/** Changes to an existing user; an attribute set to `null` is removed. */
export interface UserPatch {
  password?: string;
  attributes?: Record<string, string | boolean | number | null>;
  enabled?: boolean;
  /** Replaces the user's groups. */
  groups?: string[];
}

/** A client to add; `clientId` is generated when omitted, and `generateSecret` makes a confidential client. */
export type NewClient = Omit<SeedClientInput, 'clientId'> & { clientId?: string; generateSecret?: boolean };

/** Why an admin call failed: `NOT_FOUND` (HTTP 404) or `CONFLICT` (HTTP 409). */
export type AdminErrorCode = 'NOT_FOUND' | 'CONFLICT';

/**
 * An admin call that names something missing (404) or already there (409).
 *
 * @example
 * ```ts
 * import { AdminError } from '@cognito-connect/emulator';
 *
 * try {
 *   emulator.admin.addUser({ username: 'alice', password: 'Alice-password-1' });
 * } catch (error) {
 *   if (error instanceof AdminError && error.code === 'CONFLICT') console.log('alice is already seeded');
 *   else throw error;
 * }
 * ```
 */
export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }

  get status(): 404 | 409 {
    return this.code === 'NOT_FOUND' ? 404 : 409;
  }
}

/**
 * `emulator.admin`: changes the pool while it runs (users, groups, clients, identity providers, the clock), in-process;
 * other processes use the same calls as JSON over `/__emulator`.
 */
export interface EmulatorAdmin {
  /** Creates a user (like AdminCreateUser with a permanent password); throws `AdminError` on a duplicate or bad input. */
  addUser(user: SeedUserInput): UserView;
  /** Changes a user's password, attributes or enabled flag; only the fields given. */
  updateUser(username: string, patch: UserPatch): UserView;
  /** The user, or `undefined` when there is none of that name. */
  getUser(username: string): UserView | undefined;
  /** Every user of the pool, in creation order. */
  listUsers(): UserView[];
  /** Deletes the user and revokes its refresh tokens. */
  deleteUser(username: string): void;
  /** Disabling revokes the user's refresh tokens and sessions, like AdminDisableUser. */
  setUserEnabled(username: string, enabled: boolean): UserView;
  /** Sets the `email_verified` attribute, as an admin or a confirmed code would. */
  setEmailVerified(username: string, verified: boolean): UserView;
  /** Creates a group (its name appears in `cognito:groups` of its members' tokens). */
  addGroup(group: SeedGroup): void;
  /** Adds the user to an existing group; tokens issued afterwards carry it. */
  addUserToGroup(username: string, group: string): UserView;
  /** Removes the user from the group; tokens issued afterwards no longer carry it. */
  removeUserFromGroup(username: string, group: string): UserView;
  /** Returns the stored client, including a generated id and secret. */
  addClient(client: NewClient): SeedClient;
  /** Adds an external provider, or a `standIn` one the emulator hosts itself. */
  addIdentityProvider(provider: SeedIdentityProviderInput): Promise<void>;
  /**
   * The user's live confirmation codes (sign-up, forgot-password, attribute verification) sent by the user-pool API,
   * which a real pool would e-mail; the emulator also prints them on its log.
   */
  confirmationCodes(username: string): IssuedCode[];
  /** Moves the emulator's clock (codes, sessions, token times) by `seconds`. */
  advanceClock(seconds: number): void;
}

const patchSchema = z.strictObject({
  password: z.string().min(1).optional(),
  attributes: attributePatchSchema.optional(),
  enabled: z.boolean().optional(),
  groups: z.array(z.string().min(1)).optional(),
});

const view = (user: User, groups: string[]): UserView => ({
  username: user.username,
  sub: user.sub,
  attributes: { ...user.attributes },
  groups,
  enabled: user.enabled,
  ...(user.identities ? { identities: user.identities } : {}),
});

/** Cognito-like ids: 26 lowercase letters and digits for clients, 52 for secrets. */
const alphanumeric = (length: number) =>
  [...randomBytes(length)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

export function createAdmin(ctx: EmulatorContext): EmulatorAdmin {
  const { pool } = ctx;
  const mustGetUser = (username: string): User => {
    const user = pool.user(username);
    if (!user) throw new AdminError('NOT_FOUND', `no user "${username}"`);
    return user;
  };
  const mustHaveGroups = (groups: Iterable<string>) => {
    for (const group of groups) if (!pool.groups.has(group)) throw new AdminError('NOT_FOUND', `no group "${group}"`);
  };
  const show = (user: User) => view(user, pool.groupsOf(user));

  const admin: EmulatorAdmin = {
    addUser(input) {
      const u = parseWith(userSchema, input, 'user');
      if (pool.user(u.username)) throw new AdminError('CONFLICT', `user "${u.username}" already exists`);
      mustHaveGroups(u.groups);
      const user: User = {
        username: u.username,
        password: u.password,
        sub: u.sub ?? uuid(),
        attributes: u.attributes,
        groups: new Set(u.groups),
        enabled: u.enabled,
        identities: undefined,
        ...seededTotp(u.totpSecret),
      };
      pool.putUser(user);
      return show(user);
    },
    updateUser(username, input) {
      const user = mustGetUser(username);
      const patch = parseWith(patchSchema, input, 'patch');
      if (patch.groups) mustHaveGroups(patch.groups);
      if (patch.password !== undefined) user.password = patch.password;
      for (const [name, value] of Object.entries(patch.attributes ?? {})) {
        if (value === null) delete user.attributes[name];
        else user.attributes[name] = value;
      }
      if (patch.groups) user.groups = new Set(patch.groups);
      if (patch.enabled !== undefined) admin.setUserEnabled(username, patch.enabled);
      return show(user);
    },
    getUser(username) {
      const user = pool.user(username);
      return user ? show(user) : undefined;
    },
    listUsers: () => pool.allUsers().map(show),
    deleteUser(username) {
      mustGetUser(username);
      ctx.grants.revokeUser(username);
      pool.deleteUser(username);
    },
    setUserEnabled(username, enabled) {
      const user = mustGetUser(username);
      user.enabled = enabled;
      if (!enabled) ctx.grants.revokeUser(username);
      return show(user);
    },
    setEmailVerified(username, verified) {
      const user = mustGetUser(username);
      user.attributes.email_verified = String(verified);
      return show(user);
    },
    addGroup(input) {
      const group = parseWith(groupSchema, input, 'group');
      if (pool.groups.has(group.name)) throw new AdminError('CONFLICT', `group "${group.name}" already exists`);
      pool.groups.set(group.name, group);
    },
    addUserToGroup(username, group) {
      const user = mustGetUser(username);
      mustHaveGroups([group]);
      user.groups.add(group);
      return show(user);
    },
    removeUserFromGroup(username, group) {
      const user = mustGetUser(username);
      user.groups.delete(group);
      return show(user);
    },
    addClient(input) {
      const { generateSecret, ...rest } = input;
      const client = parseWith(
        clientSchema,
        {
          ...rest,
          clientId: rest.clientId ?? alphanumeric(26),
          ...(generateSecret && !rest.clientSecret ? { clientSecret: alphanumeric(52) } : {}),
        },
        'client',
      );
      if (pool.clients.has(client.clientId))
        throw new AdminError('CONFLICT', `client "${client.clientId}" already exists`);
      for (const name of client.supportedIdentityProviders) {
        if (name !== 'COGNITO' && !pool.identityProviders.has(name))
          throw new AdminError('NOT_FOUND', `no identity provider "${name}"`);
      }
      pool.clients.set(client.clientId, client);
      return client;
    },
    async addIdentityProvider(input) {
      const provider = parseWith(identityProviderSchema, input, 'identityProvider');
      if (pool.identityProviders.has(provider.name))
        throw new AdminError('CONFLICT', `identity provider "${provider.name}" already exists`);
      const resolved = (await ctx.standIns.prepare(provider))();
      pool.identityProviders.set(resolved.name, resolved);
    },
    confirmationCodes(username) {
      return ctx.apiState.codesOf(mustGetUser(username).username);
    },
    advanceClock(seconds) {
      parseWith(z.number().finite(), seconds, 'seconds');
      ctx.clock.advance(seconds);
    },
  };
  return admin;
}
