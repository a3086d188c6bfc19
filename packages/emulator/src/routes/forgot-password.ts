// GET/POST /forgotPassword and POST /resetPassword: the sign-in page's "Forgot your password?" link, as in Cognito's
// hosted UI: a username, a reset code (the API's ForgotPassword code store and log), a new password, then sign-in.
import type { Context, Hono } from 'hono';
import { ApiError } from '../api/errors.js';
import { confirmForgotPassword } from '../api/self-service.js';
import type { AuthorizationRequest } from '../authorization-request.js';
import type { EmulatorContext } from '../context.js';
import { forgotPasswordPage, resetPasswordPage } from '../hosted-ui.js';
import { randomToken } from '../random.js';
import { htmlResponse, pageError, readForm } from '../responses.js';
import { NO_PASSWORDS, PENDING_TTL_SECONDS, pageNames, queriedRequest, renderLogin } from './login.js';
import { newPasswordOf } from './password-step.js';

const EXPIRED = 'This page has expired or was already used. Go back to the app and sign in again.';
const CODE_MISMATCH = 'Invalid verification code provided, please try again.';

function renderReset(
  c: Context,
  ctx: EmulatorContext,
  pendingId: string,
  request: AuthorizationRequest,
  error?: string,
): Response {
  const page = resetPasswordPage({
    ...pageNames(ctx, request),
    pendingId,
    error,
    destination: undefined,
    action: '/resetPassword',
  });
  return htmlResponse(c, page, error ? 400 : 200);
}

/** Mounts the forgot-password pages: the username form, its post (the code is sent) and the reset post. */
export function forgotPasswordRoutes(app: Hono, ctx: EmulatorContext): void {
  app.get('/forgotPassword', (c) => {
    const outcome = queriedRequest(c, ctx);
    if (outcome instanceof Response) return outcome;
    const { request, client } = outcome;
    if (!client.supportedIdentityProviders.includes('COGNITO')) return pageError(c, NO_PASSWORDS);
    const pendingId = randomToken();
    ctx.pendingLogins.set(pendingId, request, PENDING_TTL_SECONDS);
    return htmlResponse(c, forgotPasswordPage({ ...pageNames(ctx, request), pendingId, username: request.loginHint }));
  });

  app.post('/forgotPassword', async (c) => {
    const form = await readForm(c);
    const pendingId = form?.get('pending') ?? '';
    const request = pendingId ? ctx.pendingLogins.get(pendingId) : undefined;
    if (!form || !request || !ctx.pool.clients.has(request.clientId)) return pageError(c, EXPIRED);
    const username = form.get('username')?.trim() ?? '';
    if (!username) {
      const page = forgotPasswordPage({ ...pageNames(ctx, request), pendingId, error: 'Username cannot be empty.' });
      return htmlResponse(c, page, 400);
    }
    // A code only for a user who can have a password; the page reads the same either way (user-existence protection),
    // unless the user asked too often, which Cognito's page says too.
    const user = ctx.pool.user(username);
    try {
      if (user?.enabled && user.password !== undefined) ctx.apiState.requestCode(user.username, 'ForgotPassword');
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      const page = forgotPasswordPage({ ...pageNames(ctx, request), pendingId, username, error: cause.message });
      return htmlResponse(c, page, 400);
    }
    ctx.pendingLogins.delete(pendingId);
    const stepId = ctx.signInSteps.start(c, 'FORGOT_PASSWORD', request, user?.username ?? username);
    return renderReset(c, ctx, stepId, request);
  });

  app.post('/resetPassword', async (c) => {
    const form = await readForm(c);
    const stepId = form?.get('pending') ?? '';
    const pending = form ? ctx.signInSteps.get(c, stepId, 'FORGOT_PASSWORD') : undefined;
    const client = pending ? ctx.pool.clients.get(pending.request.clientId) : undefined;
    if (!form || !pending || !client) return pageError(c, EXPIRED);
    const chosen = newPasswordOf(form);
    if ('error' in chosen) return renderReset(c, ctx, stepId, pending.request, chosen.error);
    const user = ctx.pool.user(pending.username);
    if (!user?.enabled || user.password === undefined)
      return renderReset(c, ctx, stepId, pending.request, CODE_MISMATCH);
    try {
      const code = (form.get('code') ?? '').trim();
      await confirmForgotPassword(ctx, user, client.clientId, code, chosen.password);
    } catch (cause) {
      if (cause instanceof ApiError) return renderReset(c, ctx, stepId, pending.request, cause.message);
      throw cause;
    }
    ctx.signInSteps.finish(stepId);
    // Back to the sign-in form: the new password signs in there, and MFA still follows it.
    const loginId = randomToken();
    ctx.pendingLogins.set(loginId, pending.request, PENDING_TTL_SECONDS);
    return renderLogin(c, ctx, loginId, pending.request, client, {
      username: user.username,
      notice: 'Your password has been reset. Sign in with your new password.',
    });
  });
}
