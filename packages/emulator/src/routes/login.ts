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
import type { Client, User } from '../user-pool.js';
import { TriggerError } from '../triggers.js';
import { LOCKED_OUT } from '../api/lockout.js';

/** How long a rendered sign-in form (or its forgot-password and sign-up pages) stays usable. */
export const PENDING_TTL_SECONDS = 3600;
/** The hosted UI's answer for a client without the `COGNITO` provider. */
export const NO_PASSWORDS = 'Sign-in with a username and password is not enabled for this app client.';

/** Whose page a hosted-UI page is: the app client's name (its id if deleted) and the pool's. */
export const pageNames = (
  ctx: EmulatorContext,
  request: AuthorizationRequest,
): { clientName: string; poolName: string } => ({
  clientName: ctx.pool.clients.get(request.clientId)?.name ?? request.clientId,
  poolName: ctx.pool.name,
});

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
      signUpHref: ctx.pool.allowAdminCreateUserOnly === false ? `/signup?${request.query}` : undefined,
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
    if (!client.supportedIdentityProviders.includes('COGNITO')) return pageError(c, NO_PASSWORDS);
    const username = form.get('username')?.trim() ?? '';
    const user = ctx.pool.user(username);
    const password = form.get('password') ?? '';
    // Unknown usernames are counted and locked out too, so the lockout does not tell them from users.
    const outcome = ctx.apiState.lockout.attempt(
      user?.username ?? username,
      () => user?.password !== undefined && user.password === password,
    );
    if (!user || outcome !== 'ok') {
      const error = outcome === 'locked' ? LOCKED_OUT : 'Incorrect username or password.';
      return renderLogin(c, ctx, pendingId, request, client, { username, error });
    }
    const next = await afterPassword(c, ctx, request, user);
    if ('error' in next) return renderLogin(c, ctx, pendingId, request, client, { username, error: next.error });
    ctx.pendingLogins.delete(pendingId);
    return next;
  });
}

/**
 * Where a proven password leads (the sign-in form, or a confirmed sign-up): the message for a disabled or
 * unconfirmed user or a refusing pre-authentication trigger, otherwise the password step, the MFA code or the app.
 */
export async function afterPassword(
  c: Context,
  ctx: EmulatorContext,
  request: AuthorizationRequest,
  user: User,
): Promise<Response | { error: string }> {
  if (!user.enabled) return { error: 'User is disabled.' };
  if (user.status === 'UNCONFIRMED') return { error: 'User is not confirmed.' };
  try {
    await ctx.triggers.preAuthentication(user, request.clientId);
  } catch (cause) {
    if (!(cause instanceof TriggerError)) throw cause;
    return { error: cause.message };
  }
  return startPasswordStep(c, ctx, request, user) ?? afterFirstFactor(c, ctx, request, user);
}
