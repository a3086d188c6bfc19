// GET /error: Cognito's own error page, where /oauth2/authorize sends a browser it must not send back to the app.
import type { Context, Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { pageError, withQuery } from '../responses.js';

/** Where an untrusted authorize request goes: `/error?error=redirect_mismatch&client_id=…`, plus what was sent. */
export function redirectMismatch(
  c: Context,
  ctx: EmulatorContext,
  sent: { readonly clientId: string | undefined; readonly redirectUri: string | undefined },
): Response {
  return c.redirect(
    withQuery(`${ctx.urls.domain}/error`, {
      error: 'redirect_mismatch',
      client_id: sent.clientId ?? '',
      redirect_uri: sent.redirectUri,
    }),
    302,
  );
}

/** What went wrong, worked out again from the query so the page never trusts a message from the URL. */
function explain(ctx: EmulatorContext, params: URLSearchParams): string {
  const error = params.get('error');
  if (error !== 'redirect_mismatch') return 'The request could not be completed. Go back to the app and try again.';
  const clientId = params.get('client_id');
  const redirectUri = params.get('redirect_uri');
  const client = clientId ? ctx.pool.clients.get(clientId) : undefined;
  if (!clientId) return 'redirect_mismatch: required parameter client_id is missing.';
  if (!client) return 'redirect_mismatch: no app client has this client_id.';
  if (!redirectUri) return 'redirect_mismatch: required parameter redirect_uri is missing.';
  return "redirect_mismatch: redirect_uri is not one of the app client's callback URLs (it must match exactly).";
}

export function errorRoutes(app: Hono, ctx: EmulatorContext): void {
  app.get('/error', (c) => {
    const params = new URL(c.req.url).searchParams;
    return pageError(c, explain(ctx, params), 400, params.get('redirect_uri') ?? undefined);
  });
}
