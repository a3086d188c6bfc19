// POST /changePassword and /confirmForgotPassword: the hosted UI's password steps between a proven password and the code.
import type { Context, Hono } from 'hono';
import { deliveryOf } from '../api/attributes.js';
import { checkPasswordPolicy } from '../api/common.js';
import { ApiError } from '../api/errors.js';
import type { AuthorizationRequest } from '../authorization-request.js';
import type { EmulatorContext } from '../context.js';
import { newPasswordPage, resetPasswordPage } from '../hosted-ui.js';
import { htmlResponse, pageError } from '../responses.js';
import { postedStep } from '../sign-in-steps.js';
import type { User } from '../user-pool.js';
import { afterFirstFactor } from './mfa-step.js';

/** The two password steps. */
type PasswordStep = 'NEW_PASSWORD_REQUIRED' | 'RESET_REQUIRED';

const EXPIRED = 'This page has expired or was already used. Go back to the app and sign in again.';

/** What the page needs besides its error: the form's key, the app's name and the user. */
interface Shown {
  readonly pendingId: string;
  readonly request: AuthorizationRequest;
  readonly user: User;
}

function render(c: Context, ctx: EmulatorContext, step: PasswordStep, shown: Shown, error?: string): Response {
  const common = {
    clientName: ctx.pool.clients.get(shown.request.clientId)?.name ?? shown.request.clientId,
    poolName: ctx.pool.name,
    pendingId: shown.pendingId,
    error,
  };
  return htmlResponse(
    c,
    step === 'NEW_PASSWORD_REQUIRED'
      ? newPasswordPage({ ...common, missingAttributes: ctx.pool.missingAttributes(shown.user) })
      : resetPasswordPage({
          ...common,
          destination: deliveryOf(shown.user).Destination,
          action: '/confirmForgotPassword',
        }),
    error ? 400 : 200,
  );
}

/**
 * Where `/login` sends a user whose password is right but who must set a new one, as Cognito's hosted UI does:
 * `FORCE_CHANGE_PASSWORD` gets the change-password form, `RESET_REQUIRED` the reset-with-code form (a code is sent
 * unless a live one from `AdminResetUserPassword` is waiting). Undefined for any other user.
 */
export function startPasswordStep(
  c: Context,
  ctx: EmulatorContext,
  request: AuthorizationRequest,
  user: User,
): Response | undefined {
  const step: PasswordStep | undefined =
    user.status === 'FORCE_CHANGE_PASSWORD'
      ? 'NEW_PASSWORD_REQUIRED'
      : user.status === 'RESET_REQUIRED'
        ? 'RESET_REQUIRED'
        : undefined;
  if (!step) return undefined;
  if (
    step === 'RESET_REQUIRED' &&
    !ctx.apiState.codesOf(user.username).some((code) => code.purpose === 'ForgotPassword')
  )
    ctx.apiState.issueCode(user.username, 'ForgotPassword');
  const pendingId = ctx.signInSteps.start(c, step, request, user.username);
  return render(c, ctx, step, { pendingId, request, user });
}

/** The posted form's waiting sign-in and its user, if the key is live, bound to this browser and the user unchanged. */
async function posted(
  c: Context,
  ctx: EmulatorContext,
  step: PasswordStep,
): Promise<{ form: URLSearchParams; shown: Shown } | undefined> {
  const status = step === 'NEW_PASSWORD_REQUIRED' ? 'FORCE_CHANGE_PASSWORD' : 'RESET_REQUIRED';
  const found = await postedStep(c, ctx, step, (user) => user.status === status);
  return (
    found && {
      form: found.form,
      shown: { pendingId: found.pendingId, request: found.pending.request, user: found.user },
    }
  );
}

/** The new password typed twice and within the pool's policy, or the message saying what is wrong. */
export function newPasswordOf(form: URLSearchParams): { password: string } | { error: string } {
  const password = form.get('newPassword') ?? '';
  if (password !== (form.get('confirmPassword') ?? ''))
    return { error: 'Password does not match the confirm password.' };
  try {
    checkPasswordPolicy(password);
  } catch (cause) {
    if (cause instanceof ApiError) return { error: cause.message };
    throw cause;
  }
  return { password };
}

/**
 * The step succeeded: the user is CONFIRMED with the new password, and the sign-in goes on to the MFA code (as the
 * API's NEW_PASSWORD_REQUIRED answer does) or ends with the app's code.
 */
function complete(c: Context, ctx: EmulatorContext, shown: Shown, password: string): Promise<Response> | Response {
  shown.user.password = password;
  shown.user.status = 'CONFIRMED';
  ctx.signInSteps.finish(shown.pendingId);
  return afterFirstFactor(c, ctx, shown.request, shown.user);
}

export function passwordStepRoutes(app: Hono, ctx: EmulatorContext): void {
  app.post('/changePassword', async (c) => {
    const found = await posted(c, ctx, 'NEW_PASSWORD_REQUIRED');
    if (!found) return pageError(c, EXPIRED);
    const { form, shown } = found;
    const chosen = newPasswordOf(form);
    if ('error' in chosen) return render(c, ctx, 'NEW_PASSWORD_REQUIRED', shown, chosen.error);
    const missing = ctx.pool.missingAttributes(shown.user);
    const given = Object.fromEntries(missing.map((name) => [name, form.get(`userAttributes.${name}`)?.trim() ?? '']));
    const empty = missing.find((name) => !given[name]);
    if (empty) return render(c, ctx, 'NEW_PASSWORD_REQUIRED', shown, `The attribute ${empty} is required.`);
    Object.assign(shown.user.attributes, given);
    return complete(c, ctx, shown, chosen.password);
  });

  app.post('/confirmForgotPassword', async (c) => {
    const found = await posted(c, ctx, 'RESET_REQUIRED');
    if (!found) return pageError(c, EXPIRED);
    const { form, shown } = found;
    const chosen = newPasswordOf(form);
    if ('error' in chosen) return render(c, ctx, 'RESET_REQUIRED', shown, chosen.error);
    try {
      ctx.apiState.useCode(shown.user.username, 'ForgotPassword', (form.get('code') ?? '').trim());
    } catch (cause) {
      if (cause instanceof ApiError) return render(c, ctx, 'RESET_REQUIRED', shown, cause.message);
      throw cause;
    }
    return complete(c, ctx, shown, chosen.password);
  });
}
