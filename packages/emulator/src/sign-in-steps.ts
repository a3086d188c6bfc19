// A hosted-UI sign-in that proved the password but has a step left (a new password, a reset code, an MFA code), held
// server-side and bound to the browser.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AuthorizationRequest } from './authorization-request.js';
import type { Clock } from './clock.js';
import type { EmulatorContext } from './context.js';
import { ExpiringMap } from './expiring-map.js';
import { randomToken } from './random.js';
import { readForm } from './responses.js';
import type { User } from './user-pool.js';

/**
 * What the user must do before the code is issued: Cognito's two password steps and its MFA steps (a code from an
 * authenticator app, by SMS or by e-mail, or setting up an app); or,
 * after "Forgot your password?", the reset code and new password before signing in again; or, after "Sign up", the
 * confirmation code.
 */
export type SignInStep =
  | 'NEW_PASSWORD_REQUIRED'
  | 'RESET_REQUIRED'
  | 'SOFTWARE_TOKEN_MFA'
  | 'SMS_MFA'
  | 'EMAIL_OTP'
  | 'MFA_SETUP'
  | 'FORGOT_PASSWORD'
  | 'CONFIRM_SIGN_UP';

/** The sign-in waiting for its step; the form carries only the key it is stored under. */
export interface PendingSignInStep {
  readonly step: SignInStep;
  readonly request: AuthorizationRequest;
  readonly username: string;
  /** The browser cookie the step was started with; the form's key is worthless without it. */
  readonly browser: string;
  /** Wrong answers so far (counted for the MFA steps, which end after a few). */
  failures: number;
  /** MFA_SETUP: the new authenticator secret shown on the page, until a code from it is verified. */
  readonly secret?: string;
}

/**
 * The browser binding: a cross-site page can neither read this cookie nor (SameSite=Strict) make the browser send it,
 * so a forged POST of a stolen form key is refused.
 */
const COOKIE = 'cognito-password-step';
/**
 * Cognito's hosted UI gives a sign-in an hour; an MFA step lasts as long as an API challenge session (three minutes,
 * Cognito's default `AuthSessionValidity`).
 */
const TTL_SECONDS: Record<SignInStep, number> = {
  NEW_PASSWORD_REQUIRED: 3600,
  RESET_REQUIRED: 3600,
  SOFTWARE_TOKEN_MFA: 180,
  SMS_MFA: 180,
  EMAIL_OTP: 180,
  MFA_SETUP: 180,
  FORGOT_PASSWORD: 3600,
  CONFIRM_SIGN_UP: 3600,
};

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The hosted UI's sign-ins waiting for a step, each usable once and only from its own browser. */
export class SignInSteps {
  private readonly pending: ExpiringMap<PendingSignInStep>;

  constructor(clock: Clock) {
    this.pending = new ExpiringMap(clock);
  }

  /**
   * Stores the step and binds it to this browser's cookie (set now if absent); returns the form's key. `secret` is
   * the authenticator secret of an MFA_SETUP step.
   */
  start(c: Context, step: SignInStep, request: AuthorizationRequest, username: string, secret?: string): string {
    let browser = getCookie(c, COOKIE);
    if (!browser || browser.length < 32) {
      browser = randomToken();
      setCookie(c, COOKIE, browser, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 3600 });
    }
    const id = randomToken();
    const pending = { step, request, username, browser, failures: 0, ...(secret ? { secret } : {}) };
    this.pending.set(id, pending, TTL_SECONDS[step]);
    return id;
  }

  /** The step behind the form's key, only in the browser that started it and only for the step the form is for. */
  get(c: Context, id: string, step: SignInStep): PendingSignInStep | undefined {
    const pending = id ? this.pending.get(id) : undefined;
    const browser = getCookie(c, COOKIE) ?? '';
    if (!pending || pending.step !== step) return undefined;
    return timingSafeEqual(digest(pending.browser), digest(browser)) ? pending : undefined;
  }

  /** Uses the key up once the step succeeded (or failed too often). */
  finish(id: string): void {
    this.pending.delete(id);
  }
}

/** A posted step form whose key is live, bound to this browser, for a client that still exists. */
export interface PostedStep {
  readonly form: URLSearchParams;
  readonly pendingId: string;
  readonly pending: PendingSignInStep;
  readonly user: User;
}

/**
 * Reads a step's form post and finds its waiting sign-in; undefined when the key is dead, from another browser or for
 * another step, the user is gone or disabled, the client was deleted, or `ready` says the user no longer needs the step.
 */
export async function postedStep(
  c: Context,
  ctx: EmulatorContext,
  step: SignInStep,
  ready: (user: User) => boolean,
): Promise<PostedStep | undefined> {
  const form = await readForm(c);
  const pendingId = form?.get('pending') ?? '';
  const pending = form ? ctx.signInSteps.get(c, pendingId, step) : undefined;
  const user = pending ? ctx.pool.user(pending.username) : undefined;
  if (!form || !pending || !user?.enabled || !ready(user)) return undefined;
  if (!ctx.pool.clients.has(pending.request.clientId)) return undefined;
  return { form, pendingId, pending, user };
}
