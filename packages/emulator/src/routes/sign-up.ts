// GET/POST /signup and POST /confirmUser: the sign-in page's "Sign up" link, as in Cognito's hosted UI: a username,
// the pool's attributes and a password (the API's SignUp), the confirmation code (ConfirmSignUp), then the app.
import type { Context, Hono } from 'hono';
import { deliveryOf } from '../api/attributes.js';
import { ApiError } from '../api/errors.js';
import { confirmSignUp, signUp } from '../api/self-service.js';
import type { AuthorizationRequest } from '../authorization-request.js';
import type { EmulatorContext } from '../context.js';
import { confirmSignUpPage, signUpPage } from '../hosted-ui.js';
import { randomToken } from '../random.js';
import { htmlResponse, pageError, readForm } from '../responses.js';
import { postedStep } from '../sign-in-steps.js';
import { TriggerError } from '../triggers.js';
import type { User } from '../user-pool.js';
import { NO_PASSWORDS, PENDING_TTL_SECONDS, afterPassword, pageNames, queriedRequest } from './login.js';

const EXPIRED = 'This page has expired or was already used. Go back to the app and sign in again.';
const NOT_PERMITTED = 'SignUp is not permitted for this user pool';

/** The attributes the page asks for: the e-mail (where the code goes) and every attribute the pool requires. */
const fieldsOf = (ctx: EmulatorContext): string[] => [...new Set(['email', ...ctx.pool.requiredAttributes])];

function renderSignUp(
  c: Context,
  ctx: EmulatorContext,
  pendingId: string,
  request: AuthorizationRequest,
  values: Record<string, string>,
  error?: string,
): Response {
  const page = signUpPage({
    ...pageNames(ctx, request),
    pendingId,
    attributes: fieldsOf(ctx),
    requiredAttributes: ctx.pool.requiredAttributes,
    values,
    signInHref: `/login?${request.query}`,
    error,
  });
  return htmlResponse(c, page, error ? 400 : 200);
}

function renderConfirm(
  c: Context,
  ctx: EmulatorContext,
  shown: { pendingId: string; request: AuthorizationRequest; user: User },
  message: { error?: string; notice?: string } = {},
): Response {
  const destination = deliveryOf(shown.user).Destination;
  const page = confirmSignUpPage({
    ...pageNames(ctx, shown.request),
    pendingId: shown.pendingId,
    destination,
    ...message,
  });
  return htmlResponse(c, page, message.error ? 400 : 200);
}

/** A confirmed sign-up signs in as the sign-in form would after the password (triggers, MFA), then goes to the app. */
async function signIn(c: Context, ctx: EmulatorContext, request: AuthorizationRequest, user: User): Promise<Response> {
  const next = await afterPassword(c, ctx, request, user);
  return 'error' in next ? pageError(c, next.error) : next;
}

/** Hosted sign-up exists only when the seed lets users sign themselves up (`allowAdminCreateUserOnly: false`). */
const selfSignUp = (ctx: EmulatorContext): boolean => ctx.pool.allowAdminCreateUserOnly === false;

/** Mounts the sign-up pages: the form, its post (the user is created and a code sent) and the confirmation post. */
export function signUpRoutes(app: Hono, ctx: EmulatorContext): void {
  app.get('/signup', (c) => {
    const outcome = queriedRequest(c, ctx);
    if (outcome instanceof Response) return outcome;
    const { request, client } = outcome;
    if (!selfSignUp(ctx)) return pageError(c, NOT_PERMITTED);
    if (!client.supportedIdentityProviders.includes('COGNITO')) return pageError(c, NO_PASSWORDS);
    const pendingId = randomToken();
    ctx.pendingLogins.set(pendingId, request, PENDING_TTL_SECONDS);
    return renderSignUp(c, ctx, pendingId, request, {});
  });

  app.post('/signup', async (c) => {
    const form = await readForm(c);
    const pendingId = form?.get('pending') ?? '';
    const request = pendingId ? ctx.pendingLogins.get(pendingId) : undefined;
    const client = request ? ctx.pool.clients.get(request.clientId) : undefined;
    if (!form || !request || !client) return pageError(c, EXPIRED);
    if (!selfSignUp(ctx)) return pageError(c, NOT_PERMITTED);
    if (!client.supportedIdentityProviders.includes('COGNITO')) return pageError(c, NO_PASSWORDS);
    const username = form.get('username')?.trim() ?? '';
    const typed = fieldsOf(ctx).map((name) => [name, form.get(`userAttributes.${name}`)?.trim() ?? ''] as const);
    const values = { username, ...Object.fromEntries(typed.map(([name, value]) => [`userAttributes.${name}`, value])) };
    if (!username) return renderSignUp(c, ctx, pendingId, request, values, 'Username cannot be empty.');
    let user: User;
    try {
      user = await signUp(ctx, {
        clientId: client.clientId,
        username,
        password: form.get('password') ?? '',
        attributes: Object.fromEntries(typed.filter(([, value]) => value)),
      });
    } catch (cause) {
      if (!(cause instanceof ApiError || cause instanceof TriggerError)) throw cause;
      return renderSignUp(c, ctx, pendingId, request, values, cause.message);
    }
    ctx.pendingLogins.delete(pendingId);
    // A pre sign-up trigger may confirm the user at once; otherwise the code the API would send is waiting.
    if (user.status === 'CONFIRMED') return signIn(c, ctx, request, user);
    const stepId = ctx.signInSteps.start(c, 'CONFIRM_SIGN_UP', request, user.username);
    return renderConfirm(c, ctx, { pendingId: stepId, request, user });
  });

  app.post('/confirmUser', async (c) => {
    const found = await postedStep(c, ctx, 'CONFIRM_SIGN_UP', (user) => user.status === 'UNCONFIRMED');
    if (!found) return pageError(c, EXPIRED);
    const { form, pendingId, pending, user } = found;
    try {
      await confirmSignUp(ctx, user, pending.request.clientId, (form.get('code') ?? '').trim());
    } catch (cause) {
      if (!(cause instanceof ApiError || cause instanceof TriggerError)) throw cause;
      return renderConfirm(c, ctx, { pendingId, request: pending.request, user }, { error: cause.message });
    }
    ctx.signInSteps.finish(pendingId);
    return signIn(c, ctx, pending.request, user);
  });

  // "Resend code": a new code, as ResendConfirmationCode sends it (and counted like it).
  app.post('/resendCode', async (c) => {
    const found = await postedStep(c, ctx, 'CONFIRM_SIGN_UP', (user) => user.status === 'UNCONFIRMED');
    if (!found) return pageError(c, EXPIRED);
    const shown = { pendingId: found.pendingId, request: found.pending.request, user: found.user };
    try {
      ctx.apiState.requestCode(found.user.username, 'SignUp');
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      return renderConfirm(c, ctx, shown, { error: cause.message });
    }
    return renderConfirm(c, ctx, shown, { notice: 'A new code has been sent.' });
  });
}
