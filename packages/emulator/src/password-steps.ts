// A hosted-UI sign-in that proved the password but must set a new one first, held server-side and bound to the browser.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AuthorizationRequest } from './authorization-request.js';
import type { Clock } from './clock.js';
import { ExpiringMap } from './expiring-map.js';
import { randomToken } from './random.js';

/** What the user must do before the code is issued: Cognito's two password steps. */
export type PasswordStep = 'NEW_PASSWORD_REQUIRED' | 'RESET_REQUIRED';

/** The sign-in waiting for its password step; the form carries only the key it is stored under. */
export interface PendingPasswordStep {
  readonly step: PasswordStep;
  readonly request: AuthorizationRequest;
  readonly username: string;
  /** The browser cookie the step was started with; the form's key is worthless without it. */
  readonly browser: string;
}

/**
 * The browser binding: a cross-site page can neither read this cookie nor (SameSite=Strict) make the browser send it,
 * so a forged POST of a stolen form key is refused.
 */
const COOKIE = 'cognito-password-step';
/** Cognito's hosted UI gives a sign-in an hour; so does the emulator's sign-in form. */
const TTL_SECONDS = 3600;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The hosted UI's sign-ins waiting for a password step, each usable once and only from its own browser. */
export class PasswordSteps {
  private readonly pending: ExpiringMap<PendingPasswordStep>;

  constructor(clock: Clock) {
    this.pending = new ExpiringMap(clock);
  }

  /** Stores the step and binds it to this browser's cookie (set now if absent); returns the form's key. */
  start(c: Context, step: PasswordStep, request: AuthorizationRequest, username: string): string {
    let browser = getCookie(c, COOKIE);
    if (!browser || browser.length < 32) {
      browser = randomToken();
      setCookie(c, COOKIE, browser, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: TTL_SECONDS });
    }
    const id = randomToken();
    this.pending.set(id, { step, request, username, browser }, TTL_SECONDS);
    return id;
  }

  /** The step behind the form's key, only in the browser that started it and only for the step the form is for. */
  get(c: Context, id: string, step: PasswordStep): PendingPasswordStep | undefined {
    const pending = id ? this.pending.get(id) : undefined;
    const browser = getCookie(c, COOKIE) ?? '';
    if (!pending || pending.step !== step) return undefined;
    return timingSafeEqual(digest(pending.browser), digest(browser)) ? pending : undefined;
  }

  /** Uses the key up once the step succeeded. */
  finish(id: string): void {
    this.pending.delete(id);
  }
}
