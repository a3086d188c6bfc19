// Maps a verified Cognito profile to a Strapi admin user: found by sub, linked to a never-used invitation, or created; roles from groups.
import type { CognitoProfile } from '@cognito-connect/core';
import { PluginError } from '../../errors.js';
import type { PluginOptions } from '../../options.js';
import type { AdminRole, AdminUser } from '../../strapi-admin.js';
import { withAdmin } from '../../strapi-admin.js';
import type { Logger, Strapi } from '../../strapi.js';
import { ADMIN_IDENTITY_UID } from '../content-types/admin-identity.js';
import { checkRequiredGroups } from './roles.js';

const ROLE_UID = 'admin::role';

/** The roles Strapi's admin creates in an empty database (at its own bootstrap, which runs after the plugins'). */
const DEFAULT_ADMIN_ROLES: readonly AdminRole[] = [
  { id: 0, code: 'strapi-super-admin', name: 'Super Admin' },
  { id: 0, code: 'strapi-editor', name: 'Editor' },
  { id: 0, code: 'strapi-author', name: 'Author' },
];

/** Signs Cognito users in to the admin panel. */
export interface AdminUsers {
  /** The admin user for this profile, after every check, with the roles its groups map to applied. */
  signIn(profile: CognitoProfile): Promise<AdminUser>;
  /** Admin roles named in `admin.groupRoles` that do not exist (checked once Strapi has bootstrapped). */
  missingRoles(): Promise<string[]>;
}

/**
 * The admin roles the user's groups map to (every mapped group counts), as role ids; a name or code that matches no role
 * throws ROLE_MISSING naming the option.
 *
 * @example
 * ```ts
 * mappedAdminRoles(['editors'], { editors: ['Editor'] }, roles); // [2]
 * ```
 */
export function mappedAdminRoles(
  groups: readonly string[],
  groupRoles: Readonly<Record<string, readonly string[]>>,
  roles: readonly AdminRole[],
): number[] {
  const ids = new Set<number>();
  for (const group of groups) {
    for (const wanted of groupRoles[group] ?? []) {
      const role = roles.find((r) => r.code === wanted) ?? roles.find((r) => r.name === wanted);
      if (!role) {
        throw new PluginError(
          'ROLE_MISSING',
          500,
          `admin.groupRoles.${group} names the admin role "${wanted}", but no admin role has that name or code; create it under Settings > Administration Panel > Roles or fix the mapping.`,
        );
      }
      ids.add(role.id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

const sameRoles = (user: AdminUser, ids: readonly number[]) =>
  (user.roles ?? [])
    .map((r) => r.id)
    .sort((a, b) => a - b)
    .join() === ids.join();

/**
 * The admin side's sign-in rules.
 *
 * @example
 * ```ts
 * const admins = createAdminUsers(strapi, options, strapi.log);
 * const user = await admins.signIn(profile);
 * ```
 */
export function createAdminUsers(strapi: Strapi, options: PluginOptions, log: Logger): AdminUsers {
  const admin = options.admin;
  const users = () => withAdmin(strapi).service('admin::user');
  const identities = () => strapi.db.query(ADMIN_IDENTITY_UID);
  const allRoles = async () => (await strapi.db.query(ROLE_UID).findMany({})) as unknown as AdminRole[];

  /** The linked admin user, or null; a link whose user was deleted is dropped. */
  const findLinked = async (sub: string): Promise<AdminUser | null> => {
    const link = await identities().findOne({ where: { sub } });
    if (!link) return null;
    const user = await users().findOne(Number(link.adminUserId), ['roles']);
    if (!user) await identities().deleteMany({ where: { sub } });
    return user;
  };

  /** Refusals end the user's admin sessions too: losing a group must not leave a live session behind. */
  const revokeSessions = async (user: AdminUser | null) => {
    if (!user) return;
    await withAdmin(strapi)
      .sessionManager?.('admin')
      .invalidateRefreshToken(String(user.id))
      .catch((error: unknown) => log.warn(`[cognito-connect] could not end admin #${user.id}'s sessions: ${error}`));
  };

  const link = async (profile: CognitoProfile, user: AdminUser) => {
    await identities().create({ data: { sub: profile.sub, adminUserId: user.id } });
  };

  /**
   * No admin is linked to this sub yet. The email must be verified by Cognito; an admin account with that email is linked
   * only if nobody can sign in to it yet (an invitation never accepted: no password), else the sign-in is refused.
   */
  const linkOrCreate = async (profile: CognitoProfile, roleIds: number[]): Promise<AdminUser> => {
    const email = profile.email?.toLowerCase();
    if (!email)
      throw new PluginError(
        'EMAIL_MISSING',
        400,
        'The Cognito user has no email; Strapi admin users need one. Add the "email" scope and attribute to the app client.',
      );
    if (!profile.emailVerified)
      throw new PluginError(
        'EMAIL_NOT_VERIFIED',
        403,
        "Cognito has not verified this user's email; admin sign-in needs a verified email (email_verified).",
      );
    const existing = await users().findOneByEmail(email, ['roles']);
    if (existing) {
      if (await identities().findOne({ where: { adminUserId: existing.id } }))
        throw new PluginError(
          'ALREADY_LINKED',
          409,
          'The admin account with this email is linked to another Cognito user; a Super Admin must delete that account first.',
        );
      if (existing.password)
        throw new PluginError(
          'EMAIL_TAKEN',
          409,
          'An admin account with this email already signs in with a password, so it is not linked to Cognito automatically. Keep using the password, or ask a Super Admin to delete that account (the next Cognito sign-in creates a new one with the mapped roles).',
        );
      log.info(
        `[cognito-connect] linked the pending invitation admin #${existing.id} to Cognito user ${profile.sub} (verified email).`,
      );
      await link(profile, existing);
      // The invitation is used up: its registration link must not set a password on a Cognito account later.
      return users().updateById(existing.id, { registrationToken: null, isActive: true });
    }
    if (!admin.createUsers)
      throw new PluginError(
        'REGISTRATION_CLOSED',
        403,
        'No admin account exists for this Cognito user and admin.createUsers is off; a Super Admin must invite this email first.',
      );
    const created = await users().create({
      email,
      firstname: profile.givenName ?? profile.name ?? profile.username,
      lastname: profile.familyName ?? null,
      roles: roleIds,
      isActive: true,
      registrationToken: null,
    });
    try {
      await link(profile, created);
    } catch (error) {
      // Another instance linked the same Cognito user a moment ago: keep its account, not a second one.
      await strapi.db.query('admin::user').deleteMany({ where: { id: created.id } });
      throw error;
    }
    log.info(`[cognito-connect] created admin #${created.id} for Cognito user ${profile.sub}.`);
    return created;
  };

  return {
    async missingRoles() {
      const existing = await allRoles();
      const roles = existing.length > 0 ? existing : DEFAULT_ADMIN_ROLES;
      const wanted = [...new Set(Object.values(admin.groupRoles).flat())];
      return wanted.filter((name) => !roles.some((r) => r.code === name || r.name === name));
    },

    async signIn(profile) {
      const linked = await findLinked(profile.sub);
      let roleIds: number[];
      try {
        checkRequiredGroups(profile.groups, { ...options, requiredGroups: admin.requiredGroups });
        roleIds = mappedAdminRoles(profile.groups, admin.groupRoles, await allRoles());
        if (roleIds.length === 0) {
          throw new PluginError(
            'GROUP_REQUIRED',
            403,
            `Admin sign-in is limited to members of the Cognito group(s) ${Object.keys(admin.groupRoles)
              .map((g) => `"${g}"`)
              .join(', ')}.`,
          );
        }
      } catch (error) {
        await revokeSessions(linked);
        throw error;
      }
      const user = linked ?? (await linkOrCreate(profile, roleIds));
      if (user.isActive === false || user.blocked)
        throw new PluginError(
          'USER_BLOCKED',
          403,
          'This admin account has been deactivated or blocked by a Super Admin.',
        );
      if (sameRoles(user, roleIds)) return user;
      try {
        // The admin's own service: it refuses to take the Super Admin role from the last Super Admin.
        return await users().updateById(user.id, { roles: roleIds });
      } catch (error) {
        if ((error as Error)?.name === 'ValidationError')
          throw new PluginError(
            'LAST_SUPER_ADMIN',
            409,
            'Your Cognito groups no longer give you the Super Admin role, but you are the last Super Admin; give another admin that role first.',
          );
        throw error;
      }
    },
  };
}
