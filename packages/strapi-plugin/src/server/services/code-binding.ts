// Binds a one-time login code to the browser that started the login: a cookie set at login, or the front end's verifier.
import {
  CognitoFlowError,
  bindingChallenge,
  createBindingVerifier,
  isBindingChallenge,
  verifyBinding,
} from '@cognito-connect/core';
import { bindingCookie } from '../../cookies.js';
import { PluginError } from '../../errors.js';
import type { KoaContext } from '../../strapi.js';

/** The query parameter of `/login` (and `/api/connect/cognito`) carrying the front end's `base64url(sha256(verifier))`. */
export const LOGIN_CHALLENGE_PARAM = 'login_challenge';
/** The `/exchange` body field carrying the front end's verifier (never a URL parameter: a link can carry anyone's). */
export const CODE_VERIFIER_PARAM = 'code_verifier';

/** What a login code's ticket keeps about the browser it belongs to: challenges (hashes) only, as in core's binding. */
export interface CodeBinding {
  /** Challenge of the verifier in the binding cookie set when the login started. */
  cookie: string;
  /** The front end's `base64url(sha256(verifier))`, when it sent one. */
  challenge?: string;
}

/** At login start: a fresh verifier in the binding cookie (core's), next to the front end's challenge if it sent one. */
export function bindBrowser(ctx: KoaContext, challenge: unknown, maxAgeSeconds: number): void {
  if (challenge !== undefined && !isBindingChallenge(challenge)) {
    throw new PluginError(
      'LOGIN_CHALLENGE_INVALID',
      `${LOGIN_CHALLENGE_PARAM} must be base64url(sha256(verifier)) without padding (43 characters).`,
    );
  }
  const verifier = createBindingVerifier();
  bindingCookie.set(ctx, challenge ? `${verifier}.${challenge}` : verifier, maxAgeSeconds);
}

/** At the callback: the binding of this browser's login, for the code's ticket. */
export async function browserBinding(ctx: KoaContext): Promise<CodeBinding> {
  const [verifier, challenge] = (bindingCookie.read(ctx) ?? '').split('.');
  if (!verifier) {
    throw new CognitoFlowError(
      'FLOW_TRANSACTION_INVALID',
      'No login is in progress in this browser (its binding cookie is missing: cookies blocked, another browser, or the login already finished). Start again.',
    );
  }
  return { cookie: await bindingChallenge(verifier), ...(challenge ? { challenge } : {}) };
}

const holds = async (verifier: unknown, challenge: unknown): Promise<boolean> => {
  if (typeof verifier !== 'string' || typeof challenge !== 'string') return false;
  try {
    await verifyBinding(verifier, challenge);
    return true;
  } catch {
    return false;
  }
};

/**
 * At redemption: the code must come from the browser that started the login (its binding cookie), or from the front end
 * holding the verifier of the challenge sent at login. Otherwise core's FLOW_BROWSER_MISMATCH: a link carrying someone
 * else's code (login CSRF) signs nobody in.
 */
export async function checkBinding(ctx: KoaContext, binding: unknown, verifier: unknown): Promise<void> {
  const bound = binding as Partial<CodeBinding> | undefined;
  const [own] = (bindingCookie.read(ctx) ?? '').split('.');
  if ((await holds(own, bound?.cookie)) || (await holds(verifier, bound?.challenge))) {
    bindingCookie.clear(ctx);
    return;
  }
  throw new CognitoFlowError(
    'FLOW_BROWSER_MISMATCH',
    `This login code belongs to another browser; sign in again. A front end on another site sends ${LOGIN_CHALLENGE_PARAM} at login and ${CODE_VERIFIER_PARAM} with the code.`,
  );
}
