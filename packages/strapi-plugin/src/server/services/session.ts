// Ends every login the way users-permissions does: `{ jwt, user }`, in legacy or refresh-token mode.
import type { KoaContext, Strapi, StrapiUser } from '../../strapi.js';
import { USER_UID } from './users.js';

export interface AuthResponse {
  jwt: string;
  refreshToken?: string;
  user: unknown;
}

/** The user as the Content API shows it (private fields such as cognitoSub removed). */
export function sanitizeUser(strapi: Strapi, ctx: KoaContext, user: StrapiUser): Promise<unknown> {
  return strapi.contentAPI.sanitize.output(user, strapi.getModel(USER_UID), { auth: ctx.state.auth });
}

/** Issues users-permissions' own token for `user`, honouring `jwtManagement: 'refresh'` (then a refresh token comes along). */
export async function authResponse(strapi: Strapi, ctx: KoaContext, user: StrapiUser): Promise<AuthResponse> {
  const up = strapi.plugin('users-permissions');
  if (!up) throw new Error('users-permissions is not enabled');
  const sanitized = await sanitizeUser(strapi, ctx, user);
  if (
    strapi.config.get<string>('plugin::users-permissions.jwtManagement', 'legacy-support') === 'refresh' &&
    strapi.sessionManager
  ) {
    const sessions = strapi.sessionManager('users-permissions');
    const refresh = await sessions.generateRefreshToken(String(user.id), undefined, { type: 'refresh' });
    const access = await sessions.generateAccessToken(refresh.token);
    if ('error' in access) throw new Error('users-permissions could not issue an access token');
    return { jwt: access.token, refreshToken: refresh.token, user: sanitized };
  }
  return { jwt: await up.service('jwt').issue({ id: user.id }), user: sanitized };
}
