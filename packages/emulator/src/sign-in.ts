// The one way a sign-in ends, whichever path it took (form, SSO session, federation): a code, or implicit-grant tokens.
import type { Context } from 'hono';
import type { AuthorizationRequest } from './authorization-request.js';
import type { EmulatorContext } from './context.js';
import { uuid } from './random.js';
import { pageError, withQuery } from './responses.js';
import type { User } from './user-pool.js';

/**
 * Redirects to the app with an authorization code, or for `response_type=token` with the tokens in the fragment
 * (no refresh token, as in Cognito's implicit grant). `fresh` is true when the user just authenticated, which
 * (re)starts the hosted-UI session; a sign-in through an existing session keeps its `auth_time`.
 */
export async function finishSignIn(
  c: Context,
  ctx: EmulatorContext,
  request: AuthorizationRequest,
  user: User,
  authTime: number,
  fresh: boolean,
): Promise<Response> {
  if (fresh) {
    ctx.sessions.start(c, user.username, authTime);
    ctx.apiState.lockout.succeeded(user.username);
  }
  const grant = {
    clientId: request.clientId,
    username: user.username,
    scopes: request.scopes,
    authTime,
    eventId: uuid(),
    originJti: uuid(),
  };
  if (request.responseType === 'token') {
    const client = ctx.pool.clients.get(request.clientId);
    if (!client) return pageError(c, 'This app client no longer exists. Go back to the app and sign in again.');
    const { idToken, accessToken } = await ctx.tokens.userTokens(grant, user, client, request.nonce);
    const fragment = new URLSearchParams({
      ...(idToken ? { id_token: idToken } : {}),
      access_token: accessToken,
      expires_in: String(client.tokenValidity.accessToken),
      token_type: 'Bearer',
      ...(request.state === undefined ? {} : { state: request.state }),
    });
    return c.redirect(`${request.redirectUri}#${fragment.toString()}`, 302);
  }
  const code = ctx.grants.issueCode({
    grant,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    nonce: request.nonce,
  });
  return c.redirect(withQuery(request.redirectUri, { code, state: request.state }), 302);
}
