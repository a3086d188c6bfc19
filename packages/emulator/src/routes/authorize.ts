// GET /oauth2/authorize: validates the request, then federates, reuses the SSO session, or sends the browser to /login.
import type { Context, Hono } from 'hono';
import { parseAuthorizationRequest, type AuthorizationRequest } from '../authorization-request.js';
import type { EmulatorContext } from '../context.js';
import { FederationError } from '../federation.js';
import { withQuery } from '../responses.js';
import { finishSignIn } from '../sign-in.js';
import { redirectMismatch } from './error.js';
import type { Client, IdentityProvider, User } from '../user-pool.js';

/** A session's user may sign in to a client only through a provider that client allows. */
function clientAccepts(client: Client, user: User): boolean {
  const provider = user.identities?.[0]?.providerName ?? 'COGNITO';
  return client.supportedIdentityProviders.includes(provider);
}

async function federate(
  c: Context,
  ctx: EmulatorContext,
  request: AuthorizationRequest,
  idp: IdentityProvider,
): Promise<Response> {
  try {
    return c.redirect(await ctx.federation.begin(request, idp), 302);
  } catch (cause) {
    if (!(cause instanceof FederationError)) throw cause;
    return c.redirect(
      withQuery(request.redirectUri, {
        error_description: cause.message,
        state: request.state,
        error: 'invalid_request',
      }),
      302,
    );
  }
}

export function authorizeRoutes(app: Hono, ctx: EmulatorContext): void {
  app.get('/oauth2/authorize', async (c) => {
    const outcome = parseAuthorizationRequest(new URL(c.req.url).searchParams, ctx.pool);
    if (outcome.kind === 'mismatch') return redirectMismatch(c, ctx, outcome);
    if (outcome.kind === 'redirect') return c.redirect(outcome.location, 302);
    const { request, client } = outcome;
    if (request.identityProvider) return federate(c, ctx, request, request.identityProvider);
    const session = request.prompt === 'login' ? undefined : ctx.sessions.current(c, ctx.pool);
    if (session && clientAccepts(client, session.user))
      return finishSignIn(c, ctx, request, session.user, session.authTime, false);
    if (request.prompt === 'none') {
      return c.redirect(
        withQuery(request.redirectUri, {
          error_description: 'no signed-in session',
          state: request.state,
          error: 'login_required',
        }),
        302,
      );
    }
    return c.redirect(`${ctx.urls.domain}/login?${request.query}`, 302);
  });
}
