// Binds a one-time login code to the browser that started the login: a cookie set at login, or the front end's verifier.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { bindingCookie } from '../../cookies.js';
import { PluginError } from '../../errors.js';
import type { KoaContext } from '../../strapi.js';
import { hash } from './tickets.js';

/** The query parameter of `/login` (and `/api/connect/cognito`) carrying the front end's `base64url(sha256(verifier))`. */
export const LOGIN_CHALLENGE_PARAM = 'login_challenge';
/** The `/exchange` body field (or `/api/auth/cognito/callback` query parameter) carrying the front end's verifier. */
export const CODE_VERIFIER_PARAM = 'code_verifier';

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** What a login code's ticket keeps about the browser it belongs to: hashes only. */
export interface CodeBinding {
  /** Hash of the secret in the binding cookie set when the login started. */
  cookie: string;
  /** The front end's `base64url(sha256(verifier))`, when it sent one. */
  challenge?: string;
}

/** At login start: a fresh secret in the binding cookie, next to the front end's challenge if it sent one. */
export function bindBrowser(ctx: KoaContext, apiPrefix: string, challenge: unknown, maxAgeSeconds: number): void {
  if (challenge !== undefined && (typeof challenge !== 'string' || !CHALLENGE.test(challenge))) {
    throw new PluginError(
      'LOGIN_CHALLENGE_INVALID',
      400,
      `${LOGIN_CHALLENGE_PARAM} must be base64url(sha256(verifier)) without padding (43 characters).`,
    );
  }
  const secret = randomBytes(32).toString('base64url');
  bindingCookie.set(ctx, apiPrefix, challenge ? `${secret}.${challenge}` : secret, maxAgeSeconds);
}

/** At the callback: the binding of this browser's login, for the code's ticket. */
export function browserBinding(ctx: KoaContext, apiPrefix: string): CodeBinding {
  const [secret, challenge] = (bindingCookie.read(ctx, apiPrefix) ?? '').split('.');
  if (!secret) {
    throw new PluginError(
      'TRANSACTION_MISSING',
      400,
      'No login is in progress in this browser (its binding cookie is missing: cookies blocked, another browser, or the login already finished). Start again.',
    );
  }
  return { cookie: hash(secret), ...(challenge ? { challenge } : {}) };
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * At redemption: the code must come from the browser that started the login (its binding cookie), or from the front end
 * holding the verifier of the challenge sent at login. Otherwise CODE_NOT_BOUND: a link carrying someone else's code
 * (login CSRF) signs nobody in.
 */
export function checkBinding(ctx: KoaContext, apiPrefix: string, binding: unknown, verifier: unknown): void {
  const bound = binding as Partial<CodeBinding> | undefined;
  const [secret] = (bindingCookie.read(ctx, apiPrefix) ?? '').split('.');
  const byCookie = Boolean(secret && bound?.cookie && same(hash(secret), bound.cookie));
  const byVerifier = Boolean(
    typeof verifier === 'string' && verifier.length <= 128 && bound?.challenge && same(hash(verifier), bound.challenge),
  );
  if (byCookie || byVerifier) {
    bindingCookie.clear(ctx, apiPrefix);
    return;
  }
  throw new PluginError(
    'CODE_NOT_BOUND',
    400,
    `This login code belongs to another browser; sign in again. A front end on another site sends ${LOGIN_CHALLENGE_PARAM} at login and ${CODE_VERIFIER_PARAM} with the code.`,
  );
}
