// POST /mfa: the hosted UI's software-token (TOTP) MFA step between a proven password and the code, as the API's
// SOFTWARE_TOKEN_MFA challenge.
import type { Context, Hono } from 'hono';
import { MFA_ATTEMPTS, TOTP_MISMATCH, useTotp } from '../api/totp.js';
import type { AuthorizationRequest } from '../authorization-request.js';
import type { EmulatorContext } from '../context.js';
import { mfaPage } from '../hosted-ui.js';
import { htmlResponse, pageError } from '../responses.js';
import { finishSignIn } from '../sign-in.js';
import { postedStep } from '../sign-in-steps.js';
import type { User } from '../user-pool.js';

const EXPIRED = 'This page has expired or was already used. Go back to the app and sign in again.';
/** The API's words for a challenge session that ended, here after too many wrong codes. */
const TOO_MANY = 'Invalid session for the user, session is expired. Go back to the app and sign in again.';

function render(
  c: Context,
  ctx: EmulatorContext,
  shown: { pendingId: string; request: AuthorizationRequest },
  error?: string,
): Response {
  const page = mfaPage({
    clientName: ctx.pool.clients.get(shown.request.clientId)?.name ?? shown.request.clientId,
    poolName: ctx.pool.name,
    pendingId: shown.pendingId,
    error,
  });
  return htmlResponse(c, page, error ? 400 : 200);
}

/** The user must answer the software-token challenge, in the API and the hosted UI alike. */
const needsTotp = (user: User): boolean => user.totp?.enabled === true;

/**
 * After the first factor (the password, and any password step it led to): the MFA code page for a user with TOTP MFA
 * enabled, otherwise the app's code. The pool's `MfaConfiguration` is always OPTIONAL in the emulator, so a user
 * without MFA signs in with the password alone, as in the API.
 */
export function afterFirstFactor(
  c: Context,
  ctx: EmulatorContext,
  request: AuthorizationRequest,
  user: User,
): Response | Promise<Response> {
  if (!needsTotp(user)) return finishSignIn(c, ctx, request, user, ctx.clock.epochSeconds(), true);
  const pendingId = ctx.signInSteps.start(c, 'SOFTWARE_TOKEN_MFA', request, user.username);
  return render(c, ctx, { pendingId, request });
}

/** Mounts `POST /mfa`, the answer to the MFA code page {@link afterFirstFactor} shows. */
export function mfaStepRoutes(app: Hono, ctx: EmulatorContext): void {
  app.post('/mfa', async (c) => {
    const found = await postedStep(c, ctx, 'SOFTWARE_TOKEN_MFA', needsTotp);
    if (!found) return pageError(c, EXPIRED);
    const { form, pendingId, pending, user } = found;
    const shown = { pendingId, request: pending.request };
    if (!useTotp(user.totp!, (form.get('code') ?? '').trim(), ctx.clock.now())) {
      pending.failures += 1;
      if (pending.failures < MFA_ATTEMPTS) return render(c, ctx, shown, TOTP_MISMATCH);
      ctx.signInSteps.finish(pendingId);
      return pageError(c, TOO_MANY);
    }
    ctx.signInSteps.finish(pendingId);
    return finishSignIn(c, ctx, pending.request, user, ctx.clock.epochSeconds(), true);
  });
}
