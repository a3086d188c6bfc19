// Maps a verified Cognito profile to a Strapi admin user: found by sub, linked to a never-used invitation, or created; roles from groups.
import { type CognitoProfile, requireGroup } from '@cognito-connect/core';
import { PluginError } from '../../errors.js';
import type { PluginOptions } from '../../options.js';
import type { AdminRole, AdminUser } from '../../strapi-admin.js';
import { withAdmin } from '../../strapi-admin.js';
import type { Logger, Strapi } from '../../strapi.js';
import { ADMIN_IDENTITY_UID } from '../content-types/admin-identity.js';
import { type LinkRemedies, linkRefusal, revokeSessions } from './account-link.js';

const ROLE_UID = 'admin::role';

/** What a refused link tells an admin to do (the rule itself is the users-permissions side's). */
const ADMIN_REMEDIES: LinkRemedies = {
  account: 'admin account',
  alreadyLinked: 'a Super Admin must delete that admin account first.',
  refused:
    'Keep signing in with the password, or ask a Super Admin to delete that account (the next Cognito sign-in creates one with the mapped roles); an invited account without a password is linked once a Super Admin makes it active.',
};

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

  const link = async (profile: CognitoProfile, user: AdminUser) => {
    await identities().create({ data: { sub: profile.sub, adminUserId: user.id } });
  };

  /**
   * No admin is linked to this sub yet. The email must be verified by Cognito; an admin account with that email is linked
   * only under the users-permissions side's rule (account-link.ts): no password of its own, and confirmed, which for an
   * admin account means a Super Admin made it active (an invitation not yet accepted is inactive until they do).
   */
  const linkOrCreate = async (profile: CognitoProfile, roleIds: number[]): Promise<AdminUser> => {
    const email = profile.email?.toLowerCase();
    if (!email)
      throw new PluginError(
        'EMAIL_MISSING',
        'The Cognito user has no email; Strapi admin users need one. Add the "email" scope and attribute to the app client.',
      );
    const existing = await users().findOneByEmail(email, ['roles']);
    if (existing) {
      const linkedTo = await identities().findOne({ where: { adminUserId: existing.id } });
      const refusal = linkRefusal(
        profile,
        {
          linkedSub: linkedTo ? String(linkedTo.sub) : null,
          hasPassword: Boolean(existing.password),
          confirmed: existing.isActive === true,
        },
        ADMIN_REMEDIES,
      );
      if (refusal) throw refusal;
      await link(profile, existing);
      // Nobody keeps a session opened before the link, and the invitation's registration link can no longer set a password.
      await revokeSessions(strapi, 'admin', existing.id);
      log.info(
        `[cognito-connect] linked the admin account #${existing.id} (no password, made active by a Super Admin) to Cognito user ${profile.sub} by verified email.`,
      );
      return users().updateById(existing.id, { registrationToken: null });
    }
    if (!profile.emailVerified)
      throw new PluginError(
        'EMAIL_NOT_VERIFIED',
        "Cognito has not verified this user's email; an admin account is only created for a verified email (email_verified).",
      );
    if (!admin.createUsers)
      throw new PluginError(
        'REGISTRATION_CLOSED',
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
        requireGroup(profile.groups, admin.requiredGroups);
        // Only members of a mapped group get into the panel (the mapping is never empty while admin sign-in is on).
        requireGroup(profile.groups, Object.keys(admin.groupRoles));
        roleIds = mappedAdminRoles(profile.groups, admin.groupRoles, await allRoles());
      } catch (error) {
        // Losing the groups must not leave a live admin session behind.
        if (linked) await revokeSessions(strapi, 'admin', linked.id);
        throw error;
      }
      const user = linked ?? (await linkOrCreate(profile, roleIds));
      if (user.isActive === false || user.blocked)
        throw new PluginError('USER_BLOCKED', 'This admin account has been deactivated or blocked by a Super Admin.');
      if (sameRoles(user, roleIds)) return user;
      try {
        // The admin's own service: it refuses to take the Super Admin role from the last Super Admin.
        return await users().updateById(user.id, { roles: roleIds });
      } catch (error) {
        if ((error as Error)?.name === 'ValidationError')
          throw new PluginError(
            'LAST_SUPER_ADMIN',
            'Your Cognito groups no longer give you the Super Admin role, but you are the last Super Admin; give another admin that role first.',
          );
        throw error;
      }
    },
  };
}
