// At boot, the role types `groupRoles` and `defaultRole` name are checked against users-permissions' roles, so a mapping to
// a role this app lacks (the docs' "editor" on a fresh app) is a warning at start instead of a 500 at someone's first login.
import type { PluginOptions } from '../../options.js';
import type { Strapi } from '../../strapi.js';
import { ROLE_UID, type RoleRecord } from './roles.js';

// users-permissions creates these two in its own bootstrap when the table is empty, which may run after this plugin's.
const CREATED_BY_USERS_PERMISSIONS = [
  { type: 'authenticated', name: 'Authenticated' },
  { type: 'public', name: 'Public' },
];

/**
 * One warning per option naming a users-permissions role type that does not exist: which option, which group, the missing
 * type, and the fix (a close existing role's type, else how to create it). Empty when every mapping resolves.
 */
export async function roleMappingWarnings(strapi: Strapi, options: PluginOptions): Promise<string[]> {
  const named = [
    ...Object.entries(options.groupRoles).map(([group, type]) => ({
      option: `groupRoles.${group}`,
      who: `members of the Cognito group "${group}"`,
      type,
    })),
    ...(options.defaultRole
      ? [{ option: 'defaultRole', who: 'users in no mapped group', type: options.defaultRole }]
      : []),
  ];
  if (named.length === 0) return [];
  const stored = (await strapi.db.query(ROLE_UID).findMany({})) as unknown as RoleRecord[];
  const roles = stored.length > 0 ? stored : CREATED_BY_USERS_PERMISSIONS;
  const types = roles.map((role) => role.type);
  const loose = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return named
    .filter(({ type }) => !types.includes(type))
    .map(({ option, who, type }) => {
      const close = roles.find((role) => loose(role.type) === loose(type) || loose(role.name) === loose(type));
      const fix = close
        ? `set it to "${close.type}" (the type of the role "${close.name}")`
        : `create a role named "${type}" on Settings > Users & Permissions > Roles, or map it to one of: ${types.map((t) => `"${t}"`).join(', ')}`;
      return `[cognito-connect] ${option} names the users-permissions role type "${type}", which does not exist: ${who} are refused (ROLE_MISSING) at sign-in until you ${fix}.`;
    });
}
