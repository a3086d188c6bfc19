// GET/POST /oauth2/userInfo: the signed-in user's attributes for a live access token holding the openid scope.
import type { Context, Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { TokenRejected } from '../tokens.js';

/**
 * Cognito's two documented refusals, word for word: a malformed request is 400 `invalid_request`, and any refused
 * token (expired, revoked, foreign, without `openid`, for a disabled user) is 401 `invalid_token` with one text.
 * The challenge carries the `Bearer` scheme RFC 6750 requires, and the body repeats it as OAuth JSON.
 */
const REFUSALS = {
  invalid_request: { status: 400, description: 'Bad OAuth2 request at UserInfo Endpoint' },
  invalid_token: {
    status: 401,
    description: 'Access token is expired, disabled, or deleted, or the user has globally signed out.',
  },
} as const;

function refuse(c: Context, error: keyof typeof REFUSALS): Response {
  const { status, description } = REFUSALS[error];
  return c.json({ error, error_description: description }, status, {
    'WWW-Authenticate': `Bearer error="${error}", error_description="${description}"`,
  });
}

export function userInfoRoutes(app: Hono, ctx: EmulatorContext): void {
  const handler = async (c: Context): Promise<Response> => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) return refuse(c, 'invalid_request');
    let claims;
    try {
      claims = await ctx.tokens.verifyAccessToken(token);
    } catch (cause) {
      if (cause instanceof TokenRejected) return refuse(c, 'invalid_token');
      throw cause;
    }
    const user = claims.username ? ctx.pool.user(claims.username) : undefined;
    if (ctx.grants.isRevoked(claims) || !claims.scope.split(' ').includes('openid') || !user?.enabled)
      return refuse(c, 'invalid_token');
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
