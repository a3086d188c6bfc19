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

/** How long a rendered sign-in form stays usable. */
const PENDING_TTL_SECONDS = 3600;

const EXPIRED = 'This sign-in page has expired or was already used. Go back to the app and sign in again.';

function render(
  c: Context,
  ctx: EmulatorContext,
  pendingId: string,
  request: AuthorizationRequest,
  client: Client,
  form: { username?: string | undefined; error?: string },
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
      providers: providerLinks(request, client),
    }),
  );
}

export function loginRoutes(app: Hono, ctx: EmulatorContext): void {
  app.get('/login', (c) => {
    const outcome = parseAuthorizationRequest(new URL(c.req.url).searchParams, ctx.pool);
    if (outcome.kind === 'mismatch') return redirectMismatch(c, ctx, outcome);
    if (outcome.kind === 'redirect') return c.redirect(outcome.location, 302);
    const { request, client } = outcome;
    if (request.identityProvider) return c.redirect(`${ctx.urls.domain}/oauth2/authorize?${request.query}`, 302);
    const pendingId = randomToken();
    ctx.pendingLogins.set(pendingId, request, PENDING_TTL_SECONDS);
    return render(c, ctx, pendingId, request, client, { username: request.loginHint });
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
    if (!user || user.password === undefined || user.password !== (form.get('password') ?? '')) {
      return render(c, ctx, pendingId, request, client, { username, error: 'Incorrect username or password.' });
    }
    if (!user.enabled) return render(c, ctx, pendingId, request, client, { username, error: 'User is disabled.' });
    if (user.status === 'UNCONFIRMED')
      return render(c, ctx, pendingId, request, client, { username, error: 'User is not confirmed.' });
    try {
      await ctx.triggers.preAuthentication(user, client.clientId);
    } catch (cause) {
      if (!(cause instanceof TriggerError)) throw cause;
      return render(c, ctx, pendingId, request, client, { username, error: cause.message });
    }
    ctx.pendingLogins.delete(pendingId);
    return startPasswordStep(c, ctx, request, user) ?? afterFirstFactor(c, ctx, request, user);
  });
}
