// The Admin* user actions and ListUsers: what a back end with AWS credentials does to users (signatures are not checked).
import { randomBytes } from 'node:crypto';
import type { User } from '../user-pool.js';
import { checkAttributeNames } from './attributes.js';
import {
  attributeListOf,
  checkPasswordPolicy,
  checkPool,
  createUser,
  existingUser,
  type ApiContext,
} from './common.js';
import { ApiError, invalidParameter } from './errors.js';
import { attributeList, optional, required, stringList, type Body } from './input.js';
import { mfaView } from './mfa.js';
import { checkAddressesFree, newUserIdentity } from './username-attributes.js';
import { groupView } from './pool.js';
import type { Handlers } from './router.js';

/** Seconds since the epoch, as AWS JSON 1.1 sends timestamps. */
const epoch = (ms: number) => ms / 1000;

/** Cognito's `UserType` (ListUsers, AdminCreateUser). */
export function userType(api: ApiContext, user: User, only?: readonly string[]) {
  const created = epoch(user.createdAt ?? api.state.startedAt);
  const attributes = attributeListOf(user).filter((a) => !only || only.length === 0 || only.includes(a.Name));
  return {
    Username: user.username,
    Attributes: attributes,
    UserCreateDate: created,
    UserLastModifiedDate: created,
    Enabled: user.enabled,
    UserStatus: user.status ?? (user.identities ? 'EXTERNAL_PROVIDER' : 'CONFIRMED'),
  };
}

/** The user an admin action names, after checking `UserPoolId`. */
function named(api: ApiContext, body: Body): User {
  checkPool(api, required(body, 'UserPoolId'));
  return existingUser(api, required(body, 'Username'));
}

/** Cognito's temporary passwords satisfy the policy; ours do too. */
const temporaryPassword = () => `Tmp-${randomBytes(6).toString('base64url')}1a!`;

/** ListUsers' `Filter`: `name = "value"` or `name ^= "prefix"`. */
function filterOf(filter: string | undefined): ((user: User) => boolean) | undefined {
  if (!filter) return undefined;
  const match = /^\s*([\w:]+)\s*(=|\^=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match) throw invalidParameter('Error while parsing filter.');
  const [, name, op, value] = match as unknown as [string, string, string, string];
  const read = (user: User): string | undefined => {
    if (name === 'username') return user.username;
    if (name === 'sub') return user.sub;
    if (name === 'cognito:user_status') return user.status ?? 'CONFIRMED';
    if (name === 'status') return user.enabled ? 'Enabled' : 'Disabled';
    return user.attributes[name];
  };
  return (user) => {
    const actual = read(user);
    if (actual === undefined) return false;
    return op === '=' ? actual === value : actual.startsWith(value);
  };
}

/** The admin user actions, by name. */
export const adminUserActions: Handlers = {
  async AdminCreateUser(api, body) {
    checkPool(api, required(body, 'UserPoolId'));
    const username = required(body, 'Username');
    const attributes = attributeList(body, 'UserAttributes');
    checkAttributeNames(attributes);
    const action = optional(body, 'MessageAction');
    const existing = api.ctx.pool.user(username);
    if (existing && action !== 'RESEND') throw new ApiError('UsernameExistsException', 'User account already exists');
    const given = optional(body, 'TemporaryPassword');
    if (given) checkPasswordPolicy(given);
    const password = given ?? temporaryPassword();
    if (existing) {
      existing.password = password;
      existing.status = 'FORCE_CHANGE_PASSWORD';
    }
    // In a pool with usernameAttributes the new user gets a generated username (its sub) and the address as attribute.
    let user = existing;
    if (!user) {
      const identity = newUserIdentity(api.ctx.pool, username, attributes);
      await api.ctx.triggers.preSignUp(
        'PreSignUp_AdminCreateUser',
        identity.username,
        'CLIENT_ID_NOT_APPLICABLE',
        identity.attributes,
        { validationData: body.ValidationData, clientMetadata: body.ClientMetadata },
      );
      user = createUser(api, { ...identity, password, status: 'FORCE_CHANGE_PASSWORD' });
    }
    // Cognito e-mails the temporary password; locally it goes to the log unless the caller chose it or suppressed it.
    if (!given && action !== 'SUPPRESS')
      console.info(`[cognito-emulator] temporary password for "${username}": ${password}`);
    return { User: userType(api, user) };
  },
  AdminGetUser(api, body) {
    const user = named(api, body);
    const { Attributes, ...rest } = userType(api, user);
    return { ...rest, UserAttributes: Attributes, ...mfaView(user) };
  },
  AdminSetUserPassword(api, body) {
    const user = named(api, body);
    const password = required(body, 'Password');
    checkPasswordPolicy(password);
    user.password = password;
    user.status = body.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    return {};
  },
  AdminResetUserPassword(api, body) {
    const user = named(api, body);
    user.status = 'RESET_REQUIRED';
    api.state.issueCode(user.username, 'ForgotPassword');
    return {};
  },
  AdminUpdateUserAttributes(api, body) {
    const user = named(api, body);
    const changes = attributeList(body, 'UserAttributes');
    checkAttributeNames(changes);
    checkAddressesFree(api.ctx.pool, user, changes);
    Object.assign(user.attributes, changes);
    return {};
  },
  AdminDeleteUserAttributes(api, body) {
    const user = named(api, body);
    for (const name of stringList(body, 'UserAttributeNames')) delete user.attributes[name];
    return {};
  },
  AdminConfirmSignUp(api, body) {
    const user = named(api, body);
    if (user.status !== 'UNCONFIRMED')
      throw new ApiError(
        'NotAuthorizedException',
        `User cannot be confirmed. Current status is ${user.status ?? 'CONFIRMED'}`,
      );
    user.status = 'CONFIRMED';
    return {};
  },
  AdminDeleteUser(api, body) {
    const user = named(api, body);
    api.ctx.grants.revokeUser(user.username);
    api.state.forgetUser(user.username);
    api.ctx.pool.deleteUser(user.username);
    return {};
  },
  AdminDisableUser(api, body) {
    const user = named(api, body);
    user.enabled = false;
    api.ctx.grants.revokeUser(user.username);
    return {};
  },
  AdminEnableUser(api, body) {
    named(api, body).enabled = true;
    return {};
  },
  AdminAddUserToGroup(api, body) {
    const user = named(api, body);
    const group = required(body, 'GroupName');
    if (!api.ctx.pool.groups.has(group)) throw new ApiError('ResourceNotFoundException', 'Group not found.');
    user.groups.add(group);
    return {};
  },
  AdminRemoveUserFromGroup(api, body) {
    const user = named(api, body);
    const group = required(body, 'GroupName');
    if (!api.ctx.pool.groups.has(group)) throw new ApiError('ResourceNotFoundException', 'Group not found.');
    user.groups.delete(group);
    return {};
  },
  AdminListGroupsForUser(api, body) {
    const user = named(api, body);
    return { Groups: api.ctx.pool.groupsOf(user).map((name) => groupView(api, api.ctx.pool.groups.get(name)!)) };
  },
  AdminUserGlobalSignOut(api, body) {
    api.ctx.grants.revokeUser(named(api, body).username);
    return {};
  },
  ListUsers(api, body) {
    checkPool(api, required(body, 'UserPoolId'));
    const filter = filterOf(optional(body, 'Filter'));
    const only = stringList(body, 'AttributesToGet');
    const users = api.ctx.pool.allUsers().filter((u) => !filter || filter(u));
    const limit = typeof body.Limit === 'number' ? body.Limit : 60;
    if (limit < 1 || limit > 60) throw invalidParameter('Limit must be between 1 and 60');
    const start = Number(optional(body, 'PaginationToken') ?? '0');
    if (!Number.isInteger(start) || start < 0) throw invalidParameter('Invalid PaginationToken');
    const page = users.slice(start, start + limit);
    const next = start + limit < users.length ? { PaginationToken: String(start + limit) } : {};
    return { Users: page.map((u) => userType(api, u, only)), ...next };
  },
};
