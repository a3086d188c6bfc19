// The one way a sign-in ends, whichever path it took (form, SSO session, federation): a single-use code sent to the app.
import type { Context } from 'hono';
import type { AuthorizationRequest } from './authorization-request.js';
import type { EmulatorContext } from './context.js';
import { uuid } from './random.js';
import { withQuery } from './responses.js';
import type { User } from './user-pool.js';

/**
 * Issues the authorization code and redirects to the app. `fresh` is true when the user just authenticated,
 * which (re)starts the hosted-UI session; a sign-in through an existing session keeps its `auth_time`.
 */
export function finishSignIn(
  c: Context,
  ctx: EmulatorContext,
  request: AuthorizationRequest,
  user: User,
  authTime: number,
  fresh: boolean,
): Response {
  if (fresh) ctx.sessions.start(c, user.username, authTime);
  const code = ctx.grants.issueCode({
    grant: {
      clientId: request.clientId,
      username: user.username,
      scopes: request.scopes,
      authTime,
      eventId: uuid(),
      originJti: uuid(),
    },
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    nonce: request.nonce,
  });
  return c.redirect(withQuery(request.redirectUri, { code, state: request.state }), 302);
}
