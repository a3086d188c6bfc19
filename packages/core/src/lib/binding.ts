// Binds a single-use login code to the browser that started the login, PKCE-style: only a hash travels with the code.
import { encodeBase64Url } from './base64url.js';
import { CognitoFlowError } from './errors.js';

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * A fresh random verifier (256 bits, base64url): keep it in the browser that starts the login
 * (a cookie set at login start, or the front end's sessionStorage) and send it when redeeming the code.
 *
 * @example
 * ```ts
 * import { createBindingVerifier, bindingChallenge } from '@cognito-connect/core';
 * const verifier = createBindingVerifier();
 * sessionStorage.setItem('login-verifier', verifier);
 * location.href = `/api/auth/login?binding=${await bindingChallenge(verifier)}`;
 * ```
 */
export function createBindingVerifier(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * The challenge for a verifier: `base64url(SHA-256(verifier))`, as PKCE's S256. Store it with the login code.
 *
 * @example
 * ```ts
 * import { bindingChallenge } from '@cognito-connect/core';
 * const challenge = await bindingChallenge(verifier); // 43 characters
 * ```
 */
export async function bindingChallenge(verifier: string): Promise<string> {
  if (typeof verifier !== 'string' || !VERIFIER.test(verifier)) {
    throw new CognitoFlowError('FLOW_BROWSER_MISMATCH', 'The login binding verifier is missing or malformed.');
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return encodeBase64Url(new Uint8Array(digest));
}

/**
 * True when `value` has the shape of a challenge (43 base64url characters); check it before storing one a front end sent.
 *
 * @example
 * ```ts
 * import { isBindingChallenge } from '@cognito-connect/core';
 * if (!isBindingChallenge(url.searchParams.get('binding'))) return new Response('bad request', { status: 400 });
 * ```
 */
export function isBindingChallenge(value: unknown): value is string {
  return typeof value === 'string' && CHALLENGE.test(value);
}

/**
 * Checks that the browser redeeming a login code holds the verifier whose challenge was stored with the code.
 * Throws {@link CognitoFlowError} `FLOW_BROWSER_MISMATCH` (403 in core's table) otherwise, so a code handed to
 * another browser (login CSRF) cannot be redeemed there.
 *
 * @example
 * ```ts
 * import { verifyBinding } from '@cognito-connect/core';
 * await verifyBinding(body.verifier, ticket.challenge); // throws unless this browser started the login
 * ```
 */
export async function verifyBinding(verifier: string | null | undefined, challenge: string | undefined): Promise<void> {
  const refused = () =>
    new CognitoFlowError(
      'FLOW_BROWSER_MISMATCH',
      'This login code was issued to another browser; start the login again in this one.',
    );
  if (!isBindingChallenge(challenge) || typeof verifier !== 'string' || !VERIFIER.test(verifier)) throw refused();
  const actual = await bindingChallenge(verifier);
  let diff = 0;
  for (let i = 0; i < challenge.length; i++) diff |= actual.charCodeAt(i) ^ challenge.charCodeAt(i);
  if (diff !== 0) throw refused();
}
