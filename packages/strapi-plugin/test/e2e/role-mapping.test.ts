// groupRoles naming a role the app lacks (the docs' "editor" on a fresh app): a warning once Strapi has loaded, naming the
// group, the missing role type and the fix; roles the app's own bootstrap creates (the fixture's Editor) count as there.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Stack, type StrapiInstance, startStack } from '../support/stack.js';

let stack: Stack;
const warnings: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    plugin: { groupRoles: { admins: 'reviewer', staff: 'Editor', editors: 'editor', users: 'authenticated' } },
    beforeLoad(strapi: StrapiInstance) {
      const warn = strapi.log.warn.bind(strapi.log);
      strapi.log.warn = (message: string) => {
        warnings.push(message);
        return warn(message);
      };
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

it('warns once loaded about each mapping to a missing role, naming the group, the type and the fix', async () => {
  const roleWarnings = () => warnings.filter((w) => w.includes('role type'));
  await expect.poll(roleWarnings, { timeout: 30_000 }).toHaveLength(2);
  expect(roleWarnings()).toEqual([
    '[cognito-connect] groupRoles.admins names the users-permissions role type "reviewer", which does not exist: members of the Cognito group "admins" are refused (ROLE_MISSING) at sign-in until you create a role named "reviewer" on Settings > Users & Permissions > Roles, or map it to one of: "authenticated", "public", "editor".',
    '[cognito-connect] groupRoles.staff names the users-permissions role type "Editor", which does not exist: members of the Cognito group "staff" are refused (ROLE_MISSING) at sign-in until you set it to "editor" (the type of the role "Editor").',
  ]);
});
