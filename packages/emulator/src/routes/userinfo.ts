// GET/POST /oauth2/userInfo: the signed-in user's attributes for a live access token holding the openid scope.
import type { Context, Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { TokenRejected } from '../tokens.js';

/** RFC 6750: no token → bare challenge; a bad one → `error="invalid_token"` and why (never the token itself). */
function unauthorized(c: Context, description?: string): Response {
  const challenge = description ? `Bearer error="invalid_token", error_description="${description}"` : 'Bearer';
  return c.json(
    description ? { error: 'invalid_token', error_description: description } : { error: 'invalid_request' },
    401,
    { 'WWW-Authenticate': challenge },
  );
}

export function userInfoRoutes(app: Hono, ctx: EmulatorContext): void {
  const handler = async (c: Context): Promise<Response> => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) return unauthorized(c);
    let claims;
    try {
      claims = await ctx.tokens.verifyAccessToken(token);
    } catch (cause) {
      if (cause instanceof TokenRejected) return unauthorized(c, cause.message);
      throw cause;
    }
    if (ctx.grants.isRevoked(claims.origin_jti)) return unauthorized(c, 'Access token has been revoked');
    if (!claims.scope.split(' ').includes('openid'))
      return unauthorized(c, 'Access token does not contain the openid scope');
    const user = claims.username ? ctx.pool.user(claims.username) : undefined;
    if (!user) return unauthorized(c, 'Access token is not for a user');
    if (!user.enabled) return unauthorized(c, 'User is disabled');
    // Cognito answers with strings only: email_verified is "true", identities is a JSON string.
    return c.json({
      sub: user.sub,
      ...user.attributes,
      ...(user.identities ? { identities: JSON.stringify(user.identities) } : {}),
      username: user.username,
    });
  };
  app.get('/oauth2/userInfo', ctx.faults.guard('userInfo'), handler);
  app.post('/oauth2/userInfo', ctx.faults.guard('userInfo'), handler);
}
