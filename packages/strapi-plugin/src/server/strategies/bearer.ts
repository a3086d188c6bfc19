// Lets a Cognito access token stand in for a Strapi JWT on the REST and GraphQL APIs, with the mapped user's role permissions.
import { COGNITO_CLAIMS, type AccessTokenClaims, errorLogLine, profileFromClaims } from '@cognito-connect/core';
import { errors } from '@strapi/utils';
import { PluginError, type Refusal, toRefusal } from '../../errors.js';
import type { Runtime } from '../runtime.js';
import type { AuthStrategy, KoaContext, StrapiUser } from '../../strapi.js';

export const STRATEGY_NAME = 'cognito-connect';

/** Refusals that only mean "not a Cognito token of this pool" (a Strapi JWT, an API token): logged at debug level. */
const NOT_A_POOL_TOKEN = new Set([
  'TOKEN_MALFORMED',
  'TOKEN_TOO_LARGE',
  'TOKEN_ALG_NOT_ALLOWED',
  'TOKEN_HEADER_NOT_ALLOWED',
  'TOKEN_ISSUER_MISMATCH',
]);

function bearerToken(ctx: KoaContext): string | undefined {
  const header = ctx.request.header.authorization;
  if (typeof header !== 'string') return undefined;
  const [scheme, token, extra] = header.trim().split(/\s+/);
  return scheme?.toLowerCase() === 'bearer' && token && extra === undefined ? token : undefined;
}

/**
 * What the auth service gets for a verified token refused for its user. A 403 (group, blocked, unverified email) is thrown
 * as a PolicyError: Strapi answers it with its message and `details.code`, and, unlike a plain ForbiddenError, an
 * enclosing route's authorize step (koa-router runs every matching route's chain, e.g. the public folder's) does not
 * turn it into a bare "Forbidden". Anything else stays users-permissions' way: a 401 with the message.
 */
function refuse(refused: Refusal): { error: string } {
  if (refused.status === 403) throw new errors.PolicyError(refused.message, { code: refused.code });
  return { error: refused.message };
}

/** The user behind a verified access token; the first call for an unknown user reads the email from userInfo to create or link it. */
async function userFor(runtime: Runtime, claims: AccessTokenClaims, token: string): Promise<StrapiUser> {
  const profile = profileFromClaims(claims);
  const known = await runtime.users.findBySub(profile.sub);
  if (known) return runtime.users.signIn(profile, known);
  if (!runtime.options.bearer.createUsers) {
    throw new PluginError(
      'USER_UNKNOWN',
      'No Strapi user is linked to this Cognito user yet; sign in through /api/cognito-connect/login once.',
    );
  }
  const client = await runtime.client.get();
  // userInfo has the email but not the groups; the groups come from the verified access token.
  const info = await client.userInfo(token);
  return runtime.users.signIn(
    profileFromClaims({ ...info, sub: claims.sub, [COGNITO_CLAIMS.groups]: claims[COGNITO_CLAIMS.groups] }),
  );
}

/** A content-api auth strategy beside users-permissions' own: tokens that are not this pool's access tokens are left to the others. */
export function bearerStrategy(runtime: Runtime): AuthStrategy {
  const { strapi } = runtime;
  return {
    name: STRATEGY_NAME,
    async authenticate(ctx) {
      const token = bearerToken(ctx);
      if (!token) return { authenticated: false };
      let claims: AccessTokenClaims;
      try {
        claims = await (await runtime.client.get()).verifyAccessToken(token);
      } catch (error) {
        // A Strapi JWT or API token lands here too: not ours, so no error, and another strategy may accept it. A token
        // that is a JWT of this pool but refused (other app client, expired, ID token, ...) is worth a line, never the token.
        const line = `[cognito-connect] Bearer token not accepted as a Cognito access token: ${errorLogLine(error)}`;
        if (NOT_A_POOL_TOKEN.has(toRefusal(error).code)) strapi.log.debug(line);
        else strapi.log.warn(line);
        return { authenticated: false };
      }
      try {
        const user = await userFor(runtime, claims, token);
        const permissionService = strapi.plugin('users-permissions')?.service('permission');
        if (!permissionService || !user.role) return { error: 'Invalid credentials' };
        const permissions = (await permissionService.findRolePermissions(user.role.id)).map((p) =>
          permissionService.toContentAPIPermission(p),
        );
        const ability = await strapi.contentAPI.permissions.engine.generateAbility(permissions);
        ctx.state.user = user;
        return { authenticated: true, credentials: user, ability };
      } catch (error) {
        // A valid access token of this pool, refused for its user (group, blocked, link): one log-safe line, and the
        // code in the answer's details.
        const refused = toRefusal(error);
        const line = `[cognito-connect] Bearer access token refused: ${errorLogLine(error)}`;
        if (refused.status >= 500) strapi.log.error(line);
        else strapi.log.warn(line);
        return refuse(refused);
      }
    },
    // The same rule as users-permissions' strategy: unscoped routes need a user, scoped ones need every scope in the role.
    verify(auth, config) {
      const ability = auth.ability as { can(action: string): boolean } | undefined;
      if (!config.scope) {
        if (!auth.credentials) throw new errors.UnauthorizedError();
        return;
      }
      if (!ability) throw new errors.UnauthorizedError();
      const scopes = Array.isArray(config.scope) ? config.scope : [config.scope];
      if (!scopes.every((scope) => ability.can(scope))) throw new errors.ForbiddenError();
    },
  };
}
