// POST /mfa, /mfaSms, /mfaEmail and /mfaSetup: the hosted UI's MFA steps between a proven password and the code, as the
// API's SOFTWARE_TOKEN_MFA, SMS_MFA and EMAIL_OTP challenges and, for a pool that requires MFA, its MFA_SETUP challenge.
import type { Context, Hono } from 'hono';
import { LOCKED_OUT } from '../api/lockout.js';
import { MFA_ATTEMPTS, newTotpSecret, TOTP_MISMATCH, totpQrCode, totpStep, totpUri, useTotp } from '../api/totp.js';
import type { AuthorizationRequest } from '../authorization-request.js';
import type { EmulatorContext } from '../context.js';
import { isSentCodeFactor, sendMfaCode, useMfaCode, type SentCodeFactor } from '../api/mfa-code.js';
import { maskedDestination } from '../api/attributes.js';
import { mfaCodePage, mfaPage, mfaSetupPage } from '../hosted-ui.js';
import { htmlResponse, pageError } from '../responses.js';
import { finishSignIn } from '../sign-in.js';
import { postedStep, type PendingSignInStep } from '../sign-in-steps.js';
import { enabledFactors, mfaStepOf, type MfaFactor, type User, type UserPool } from '../user-pool.js';
import { pageNames } from './login.js';

const EXPIRED = 'This page has expired or was already used. Go back to the app and sign in again.';
/** The API's words for a challenge session that ended, here after too many wrong codes. */
const TOO_MANY = 'Invalid session for the user, session is expired. Go back to the app and sign in again.';

/** Where each sent-code factor's page posts, and how its code travels. */
const SENT_CODE_PAGES = {
  SMS_MFA: { action: '/mfaSms', medium: 'SMS' },
  EMAIL_OTP: { action: '/mfaEmail', medium: 'EMAIL' },
} as const;

/**
 * What an MFA page shows besides its error: the form's key, the app, for the set-up the user and secret, for a sent
 * code its factor and masked destination.
 */
interface Shown {
  readonly pendingId: string;
  readonly request: AuthorizationRequest;
  readonly setup?: { readonly username: string; readonly secret: string };
  readonly sent?: { readonly factor: SentCodeFactor; readonly destination: string };
}

async function render(c: Context, ctx: EmulatorContext, shown: Shown, error?: string): Promise<Response> {
  const common = { ...pageNames(ctx, shown.request), pendingId: shown.pendingId, error };
  let page;
  if (shown.setup) {
    const otpauthUri = totpUri(shown.setup.secret, ctx.pool.name, shown.setup.username);
    page = mfaSetupPage({ ...common, secret: shown.setup.secret, otpauthUri, qrCode: await totpQrCode(otpauthUri) });
  } else if (shown.sent) {
    page = mfaCodePage({ ...common, ...SENT_CODE_PAGES[shown.sent.factor], destination: shown.sent.destination });
  } else page = mfaPage(common);
  return htmlResponse(c, page, error ? 400 : 200);
}

/**
 * The hosted UI's MFA step for `user`: the API's, except that of several enabled factors with none preferred it takes
 * the first (the emulator's choice; Cognito's managed login lets the user choose).
 *
 * @example
 * ```ts
 * const step = hostedMfaStep(ctx.pool, user); // 'SMS_MFA' for a user with SMS and e-mail MFA, none preferred
 * ```
 */
export function hostedMfaStep(pool: UserPool, user: User): MfaFactor | 'MFA_SETUP' | undefined {
  const step = mfaStepOf(pool, user);
  return step === 'SELECT_MFA_TYPE' ? enabledFactors(user)[0] : step;
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
  const step = hostedMfaStep(ctx.pool, user);
  if (!step) return finishSignIn(c, ctx, request, user, ctx.clock.epochSeconds(), true);
  const secret = step === 'MFA_SETUP' ? newTotpSecret() : undefined;
  const pendingId = ctx.signInSteps.start(c, step, request, user.username, secret);
  if (isSentCodeFactor(step)) {
    const destination = sendMfaCode(ctx.apiState, user, step).CODE_DELIVERY_DESTINATION;
    return render(c, ctx, { pendingId, request, sent: { factor: step, destination } });
  }
  return render(c, ctx, { pendingId, request, ...(secret ? { setup: { username: user.username, secret } } : {}) });
}

/** A wrong code: the page again, or the end of the step once it had `MFA_ATTEMPTS` of them. */
function wrongCode(
  c: Context,
  ctx: EmulatorContext,
  pending: PendingSignInStep,
  shown: Shown,
): Response | Promise<Response> {
  pending.failures += 1;
  if (pending.failures < MFA_ATTEMPTS) return render(c, ctx, shown, TOTP_MISMATCH);
  ctx.signInSteps.finish(shown.pendingId);
  return pageError(c, TOO_MANY);
}

/**
 * An MFA code page's post: the code from the authenticator app, or the one the pool sent, counted by the lockout like
 * a password; a right code finishes the sign-in.
 */
async function answerCode(c: Context, ctx: EmulatorContext, factor: MfaFactor): Promise<Response> {
  const found = await postedStep(c, ctx, factor, (u) => hostedMfaStep(ctx.pool, u) === factor);
  if (!found) return pageError(c, EXPIRED);
  const { form, pendingId, pending, user } = found;
  const sent = isSentCodeFactor(factor)
    ? { factor, destination: maskedDestination(user, SENT_CODE_PAGES[factor].medium) }
    : undefined;
  const shown = { pendingId, request: pending.request, ...(sent ? { sent } : {}) };
  const code = (form.get('code') ?? '').trim();
  const outcome = ctx.apiState.lockout.attempt(user.username, () =>
    isSentCodeFactor(factor)
      ? useMfaCode(ctx.apiState, user, factor, code)
      : !!user.totp && useTotp(user.totp, code, ctx.clock.now()),
  );
  if (outcome === 'locked') return render(c, ctx, shown, LOCKED_OUT);
  if (outcome === 'wrong') return wrongCode(c, ctx, pending, shown);
  ctx.signInSteps.finish(pendingId);
  return finishSignIn(c, ctx, pending.request, user, ctx.clock.epochSeconds(), true);
}

/** Mounts `POST /mfa`, `/mfaSms`, `/mfaEmail` and `/mfaSetup`, the answers to the pages {@link afterFirstFactor} shows. */
export function mfaStepRoutes(app: Hono, ctx: EmulatorContext): void {
  app.post('/mfa', (c) => answerCode(c, ctx, 'SOFTWARE_TOKEN_MFA'));
  app.post(SENT_CODE_PAGES.SMS_MFA.action, (c) => answerCode(c, ctx, 'SMS_MFA'));
  app.post(SENT_CODE_PAGES.EMAIL_OTP.action, (c) => answerCode(c, ctx, 'EMAIL_OTP'));

  app.post('/mfaSetup', async (c) => {
    const found = await postedStep(c, ctx, 'MFA_SETUP', (u) => hostedMfaStep(ctx.pool, u) === 'MFA_SETUP');
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
