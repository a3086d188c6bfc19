// POST /mfa and /mfaSetup: the hosted UI's software-token (TOTP) MFA steps between a proven password and the code, as
// the API's SOFTWARE_TOKEN_MFA challenge and, for a pool that requires MFA, its MFA_SETUP challenge.
import type { Context, Hono } from 'hono';
import { LOCKED_OUT } from '../api/lockout.js';
import { MFA_ATTEMPTS, newTotpSecret, TOTP_MISMATCH, totpStep, totpUri, useTotp } from '../api/totp.js';
import type { AuthorizationRequest } from '../authorization-request.js';
import type { EmulatorContext } from '../context.js';
import { mfaPage, mfaSetupPage } from '../hosted-ui.js';
import { htmlResponse, pageError } from '../responses.js';
import { finishSignIn } from '../sign-in.js';
import { postedStep, type PendingSignInStep } from '../sign-in-steps.js';
import { mfaStepOf, type User } from '../user-pool.js';
import { pageNames } from './login.js';

const EXPIRED = 'This page has expired or was already used. Go back to the app and sign in again.';
/** The API's words for a challenge session that ended, here after too many wrong codes. */
const TOO_MANY = 'Invalid session for the user, session is expired. Go back to the app and sign in again.';

/** What an MFA page shows besides its error: the form's key, the app, and for the set-up the user and secret. */
interface Shown {
  readonly pendingId: string;
  readonly request: AuthorizationRequest;
  readonly setup?: { readonly username: string; readonly secret: string };
}

function render(c: Context, ctx: EmulatorContext, shown: Shown, error?: string): Response {
  const common = { ...pageNames(ctx, shown.request), pendingId: shown.pendingId, error };
  const page = shown.setup
    ? mfaSetupPage({
        ...common,
        secret: shown.setup.secret,
        otpauthUri: totpUri(shown.setup.secret, ctx.pool.name, shown.setup.username),
      })
    : mfaPage(common);
  return htmlResponse(c, page, error ? 400 : 200);
}

/**
 * After the first factor (the password, and any password step it led to): the MFA code page for a user with a
 * software token, the set-up page when the pool requires MFA (`mfaConfiguration: "ON"`) and the user has none,
 * otherwise the app's code — the same decision as the API's.
 */
export function afterFirstFactor(
  c: Context,
  ctx: EmulatorContext,
  request: AuthorizationRequest,
  user: User,
): Response | Promise<Response> {
  const step = mfaStepOf(ctx.pool, user);
  if (!step) return finishSignIn(c, ctx, request, user, ctx.clock.epochSeconds(), true);
  const secret = step === 'MFA_SETUP' ? newTotpSecret() : undefined;
  const pendingId = ctx.signInSteps.start(c, step, request, user.username, secret);
  return render(c, ctx, { pendingId, request, ...(secret ? { setup: { username: user.username, secret } } : {}) });
}

/** A wrong code: the page again, or the end of the step once it had `MFA_ATTEMPTS` of them. */
function wrongCode(c: Context, ctx: EmulatorContext, pending: PendingSignInStep, shown: Shown): Response {
  pending.failures += 1;
  if (pending.failures < MFA_ATTEMPTS) return render(c, ctx, shown, TOTP_MISMATCH);
  ctx.signInSteps.finish(shown.pendingId);
  return pageError(c, TOO_MANY);
}

/** Mounts `POST /mfa` and `POST /mfaSetup`, the answers to the pages {@link afterFirstFactor} shows. */
export function mfaStepRoutes(app: Hono, ctx: EmulatorContext): void {
  app.post('/mfa', async (c) => {
    const found = await postedStep(
      c,
      ctx,
      'SOFTWARE_TOKEN_MFA',
      (u) => mfaStepOf(ctx.pool, u) === 'SOFTWARE_TOKEN_MFA',
    );
    if (!found) return pageError(c, EXPIRED);
    const { form, pendingId, pending, user } = found;
    const shown = { pendingId, request: pending.request };
    const code = (form.get('code') ?? '').trim();
    const outcome = ctx.apiState.lockout.attempt(user.username, () => useTotp(user.totp!, code, ctx.clock.now()));
    if (outcome === 'locked') return render(c, ctx, shown, LOCKED_OUT);
    if (outcome === 'wrong') return wrongCode(c, ctx, pending, shown);
    ctx.signInSteps.finish(pendingId);
    return finishSignIn(c, ctx, pending.request, user, ctx.clock.epochSeconds(), true);
  });

  app.post('/mfaSetup', async (c) => {
    const found = await postedStep(c, ctx, 'MFA_SETUP', (u) => mfaStepOf(ctx.pool, u) === 'MFA_SETUP');
    if (!found?.pending.secret) return pageError(c, EXPIRED);
    const { form, pendingId, pending, user } = found;
    const secret = pending.secret!;
    const step = totpStep(secret, (form.get('code') ?? '').trim(), ctx.clock.now());
    if (step === undefined)
      return wrongCode(c, ctx, pending, {
        pendingId,
        request: pending.request,
        setup: { username: user.username, secret },
      });
    // As the API's MFA_SETUP: the verified token is the user's MFA from now on, and its first code is used.
    user.totp = { secret, enabled: true, lastUsedStep: step };
    ctx.signInSteps.finish(pendingId);
    return finishSignIn(c, ctx, pending.request, user, ctx.clock.epochSeconds(), true);
  });
}
