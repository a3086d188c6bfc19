// Groups, the pool and its app clients: CreateGroup … DeleteGroup, DescribeUserPool, the client actions.
import { randomBytes } from 'node:crypto';
import { clientSchema, groupSchema, parseWith, SeedError } from '../seed.js';
import type { Client, Group } from '../user-pool.js';
import { checkPool, clientOf, type ApiContext } from './common.js';
import { ApiError, invalidParameter } from './errors.js';
import { optional, required, stringList, type Body } from './input.js';
import type { Handlers } from './router.js';
import { userType } from './admin-users.js';

/** Cognito's `GroupType`. */
export function groupView(api: ApiContext, group: Group) {
  const at = api.state.startedAt / 1000;
  return {
    GroupName: group.name,
    UserPoolId: api.ctx.pool.id,
    ...(group.description === undefined ? {} : { Description: group.description }),
    ...(group.precedence === undefined ? {} : { Precedence: group.precedence }),
    CreationDate: at,
    LastModifiedDate: at,
  };
}

/** Cognito's `UserPoolClientType`; validities are reported in seconds. */
function clientView(api: ApiContext, client: Client) {
  return {
    UserPoolId: api.ctx.pool.id,
    ClientName: client.name,
    ClientId: client.clientId,
    ...(client.clientSecret ? { ClientSecret: client.clientSecret } : {}),
    CallbackURLs: client.callbackUrls,
    LogoutURLs: client.logoutUrls,
    AllowedOAuthFlows: client.allowedOAuthFlows,
    AllowedOAuthScopes: client.allowedOAuthScopes,
    AllowedOAuthFlowsUserPoolClient: client.allowedOAuthFlows.length > 0,
    SupportedIdentityProviders: client.supportedIdentityProviders,
    ExplicitAuthFlows: client.explicitAuthFlows,
    EnableTokenRevocation: client.enableTokenRevocation,
    RefreshTokenRotation: { Feature: client.refreshTokenRotation ? 'ENABLED' : 'DISABLED' },
    IdTokenValidity: client.tokenValidity.idToken,
    AccessTokenValidity: client.tokenValidity.accessToken,
    RefreshTokenValidity: client.tokenValidity.refreshToken,
    TokenValidityUnits: { IdToken: 'seconds', AccessToken: 'seconds', RefreshToken: 'seconds' },
  };
}

/** Seed validation failures become AWS's `InvalidParameterException`, naming the field. */
function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (cause) {
    if (cause instanceof SeedError)
      throw invalidParameter(cause.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    throw cause;
  }
}

function existingGroup(api: ApiContext, body: Body): Group {
  checkPool(api, required(body, 'UserPoolId'));
  const group = api.ctx.pool.groups.get(required(body, 'GroupName'));
  if (!group) throw new ApiError('ResourceNotFoundException', 'Group not found.');
  return group;
}

const alphanumeric = (length: number) =>
  [...randomBytes(length)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

/** The pool, group and client actions, by name. */
export const poolActions: Handlers = {
  CreateGroup(api, body) {
    checkPool(api, required(body, 'UserPoolId'));
    const group = parsed(() =>
      parseWith(
        groupSchema,
        { name: required(body, 'GroupName'), description: optional(body, 'Description'), precedence: body.Precedence },
        'group',
      ),
    );
    if (api.ctx.pool.groups.has(group.name))
      throw new ApiError('GroupExistsException', 'A group with the name already exists.');
    api.ctx.pool.groups.set(group.name, group);
    return { Group: groupView(api, group) };
  },
  GetGroup: (api, body) => ({ Group: groupView(api, existingGroup(api, body)) }),
  ListGroups(api, body) {
    checkPool(api, required(body, 'UserPoolId'));
    return { Groups: [...api.ctx.pool.groups.values()].map((g) => groupView(api, g)) };
  },
  DeleteGroup(api, body) {
    const group = existingGroup(api, body);
    api.ctx.pool.groups.delete(group.name);
    for (const user of api.ctx.pool.allUsers()) user.groups.delete(group.name);
    return {};
  },
  ListUsersInGroup(api, body) {
    const group = existingGroup(api, body);
    return {
      Users: api.ctx.pool
        .allUsers()
        .filter((u) => u.groups.has(group.name))
        .map((u) => userType(api, u)),
    };
  },
  DescribeUserPool(api, body) {
    checkPool(api, required(body, 'UserPoolId'));
    const { pool } = api.ctx;
    const at = api.state.startedAt / 1000;
    return {
      UserPool: {
        Id: pool.id,
        Name: pool.name,
        Arn: `arn:aws:cognito-idp:${pool.region}:000000000000:userpool/${pool.id}`,
        Status: 'Enabled',
        CreationDate: at,
        LastModifiedDate: at,
        EstimatedNumberOfUsers: pool.allUsers().length,
        MfaConfiguration: pool.mfaConfiguration,
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: pool.allowAdminCreateUserOnly === true },
        UsernameConfiguration: { CaseSensitive: false },
        Policies: {
          PasswordPolicy: {
            MinimumLength: 8,
            RequireUppercase: true,
            RequireLowercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 7,
          },
        },
        LambdaConfig: {},
        Domain: new URL(api.ctx.urls.domain).host,
      },
    };
  },
  DescribeUserPoolClient(api, body) {
    checkPool(api, required(body, 'UserPoolId'));
    return { UserPoolClient: clientView(api, clientOf(api, required(body, 'ClientId'))) };
  },
  ListUserPoolClients(api, body) {
    checkPool(api, required(body, 'UserPoolId'));
    return {
      UserPoolClients: [...api.ctx.pool.clients.values()].map((c) => ({
        ClientId: c.clientId,
        ClientName: c.name,
        UserPoolId: api.ctx.pool.id,
      })),
    };
  },
  CreateUserPoolClient(api, body) {
    checkPool(api, required(body, 'UserPoolId'));
    const rotation = body.RefreshTokenRotation as { Feature?: string } | undefined;
    const flows = stringList(body, 'ExplicitAuthFlows');
    const client = parsed(() =>
      parseWith(
        clientSchema,
        {
          clientId: alphanumeric(26),
          ...(body.GenerateSecret === true ? { clientSecret: alphanumeric(52) } : {}),
          name: required(body, 'ClientName'),
          callbackUrls: stringList(body, 'CallbackURLs'),
          logoutUrls: stringList(body, 'LogoutURLs'),
          allowedOAuthFlows: stringList(body, 'AllowedOAuthFlows'),
          ...(body.AllowedOAuthScopes ? { allowedOAuthScopes: stringList(body, 'AllowedOAuthScopes') } : {}),
          ...(body.SupportedIdentityProviders
            ? { supportedIdentityProviders: stringList(body, 'SupportedIdentityProviders') }
            : {}),
          ...(flows.length > 0 ? { explicitAuthFlows: flows } : {}),
          ...(typeof body.EnableTokenRevocation === 'boolean'
            ? { enableTokenRevocation: body.EnableTokenRevocation }
            : {}),
          refreshTokenRotation: rotation?.Feature === 'ENABLED',
        },
        'client',
      ),
    );
    api.ctx.pool.clients.set(client.clientId, client);
    return { UserPoolClient: clientView(api, client) };
  },
};
