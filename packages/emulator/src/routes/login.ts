// GET/POST /login: the hosted sign-in form; the POST carries only a server-side key, so the redirect URI cannot be forged.
import type { Context, Hono } from 'hono';
import { parseAuthorizationRequest, providerLinks, type AuthorizationRequest } from '../authorization-request.js';
import type { EmulatorContext } from '../context.js';
import { loginPage } from '../hosted-ui.js';
import { randomToken } from '../random.js';
import { htmlResponse, pageError, readForm } from '../responses.js';
import { redirectMismatch } from './error.js';
import { afterFirstFactor } from './mfa-step.js';
import { startPasswordStep } from './password-step.js';
import type { Client } from '../user-pool.js';
import { TriggerError } from '../triggers.js';
import { LOCKED_OUT } from '../api/lockout.js';

/** How long a rendered sign-in form stays usable. */
const PENDING_TTL_SECONDS = 3600;

const EXPIRED = 'This sign-in page has expired or was already used. Go back to the app and sign in again.';

/** The sign-in page for `request`, its form keyed by `pendingId`, with what the user typed and the last message. */
export function renderLogin(
  c: Context,
  ctx: EmulatorContext,
  pendingId: string,
  request: AuthorizationRequest,
  client: Client,
  form: { username?: string | undefined; error?: string; notice?: string },
): Response {
  return htmlResponse(
    c,
    loginPage({
      clientName: client.name,
      poolName: ctx.pool.name,
      pendingId,
      showForm: client.supportedIdentityProviders.includes('COGNITO'),
      username: form.username,
      error: form.error,
      notice: form.notice,
      forgotPasswordHref: `/forgotPassword?${request.query}`,
      providers: providerLinks(request, client),
    }),
  );
}

/**
 * The authorization request in a hosted-UI page's query (as /oauth2/authorize checks it), or the response for a bad
 * one: Cognito's error page for a redirect URI it cannot trust, otherwise the OAuth error sent to the app.
 */
export function queriedRequest(
  c: Context,
  ctx: EmulatorContext,
): Response | { request: AuthorizationRequest; client: Client } {
  const outcome = parseAuthorizationRequest(new URL(c.req.url).searchParams, ctx.pool);
  if (outcome.kind === 'mismatch') return redirectMismatch(c, ctx, outcome);
  if (outcome.kind === 'redirect') return c.redirect(outcome.location, 302);
  return outcome;
}

export function loginRoutes(app: Hono, ctx: EmulatorContext): void {
  app.get('/login', (c) => {
    const outcome = queriedRequest(c, ctx);
    if (outcome instanceof Response) return outcome;
    const { request, client } = outcome;
    if (request.identityProvider) return c.redirect(`${ctx.urls.domain}/oauth2/authorize?${request.query}`, 302);
    const pendingId = randomToken();
    ctx.pendingLogins.set(pendingId, request, PENDING_TTL_SECONDS);
    return renderLogin(c, ctx, pendingId, request, client, { username: request.loginHint });
  });

  app.post('/login', async (c) => {
    const form = await readForm(c);
    const pendingId = form?.get('pending') ?? '';
    const request = pendingId ? ctx.pendingLogins.get(pendingId) : undefined;
    const client = request ? ctx.pool.clients.get(request.clientId) : undefined;
    if (!form || !request || !client) return pageError(c, EXPIRED);
    if (!client.supportedIdentityProviders.includes('COGNITO'))
      return pageError(c, 'Sign-in with a username and password is not enabled for this app client.');
    const username = form.get('username')?.trim() ?? '';
    const user = ctx.pool.user(username);
    const password = form.get('password') ?? '';
    const outcome =
      user?.password === undefined
        ? 'wrong'
        : ctx.apiState.lockout.attempt(user.username, () => user.password === password);
    if (!user || outcome !== 'ok') {
      const error = outcome === 'locked' ? LOCKED_OUT : 'Incorrect username or password.';
      return renderLogin(c, ctx, pendingId, request, client, { username, error });
    }
    if (!user.enabled) return renderLogin(c, ctx, pendingId, request, client, { username, error: 'User is disabled.' });
    if (user.status === 'UNCONFIRMED')
      return renderLogin(c, ctx, pendingId, request, client, { username, error: 'User is not confirmed.' });
    try {
      await ctx.triggers.preAuthentication(user, client.clientId);
    } catch (cause) {
      if (!(cause instanceof TriggerError)) throw cause;
      return renderLogin(c, ctx, pendingId, request, client, { username, error: cause.message });
    }
    ctx.pendingLogins.delete(pendingId);
    return startPasswordStep(c, ctx, request, user) ?? afterFirstFactor(c, ctx, request, user);
  });
}
