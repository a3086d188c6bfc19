// Which users-permissions role a user's Cognito groups give (`groupRoles`); who may sign in at all is core's requireGroup.
import { PluginError } from '../../errors.js';
import type { PluginOptions } from '../../options.js';
import type { Strapi } from '../../strapi.js';

export const ROLE_UID = 'plugin::users-permissions.role';

/**
 * The role type a user's groups map to. `cognito:groups` lists groups by precedence (lowest first), so the first mapped group
 * wins, as in Cognito's own role choice; undefined when no group is mapped.
 *
 * @example
 * ```ts
 * mappedRoleType(['editors', 'staff'], { staff: 'authenticated', editors: 'editor' }); // { group: 'editors', role: 'editor' }
 * ```
 */
export function mappedRoleType(
  groups: readonly string[],
  groupRoles: Readonly<Record<string, string>>,
): { group: string; role: string } | undefined {
  for (const group of groups) {
    const role = groupRoles[group];
    if (role !== undefined) return { group, role };
  }
  return undefined;
}

export interface RoleRecord {
  id: number;
  type: string;
  name: string;
}

/** The role the user's groups give (or the default role); throws, naming the option, when that role does not exist. */
export async function targetRole(
  strapi: Strapi,
  options: PluginOptions,
  groups: readonly string[],
  defaultRoleType: string,
): Promise<RoleRecord> {
  const mapped = mappedRoleType(groups, options.groupRoles);
  const type = mapped?.role ?? options.defaultRole ?? defaultRoleType;
  const role = (await strapi.db.query(ROLE_UID).findOne({ where: { type } })) as RoleRecord | null;
  if (!role) {
    const source = mapped
      ? `groupRoles.${mapped.group}`
      : options.defaultRole
        ? 'defaultRole'
        : 'the users-permissions default role';
    throw new PluginError(
      'ROLE_MISSING',
      `${source} names the role type "${type}", but no such users-permissions role exists; create it or fix the mapping.`,
    );
  }
  return role;
}
