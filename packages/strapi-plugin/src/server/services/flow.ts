// The login round trip both entry points share: core's PKCE + state + nonce login, then a Strapi user and a one-time code.
import { CognitoError, CognitoFlowError, type LoginResult, safeRedirect } from '@cognito-connect/core';
import { transactionCookie } from '../../cookies.js';
import { PluginError } from '../../errors.js';
import type { Runtime } from '../runtime.js';
import { type CodeBinding, bindBrowser, browserBinding, checkBinding } from './code-binding.js';
import { type AuthResponse, authResponse } from './session.js';
import type { KoaContext, StrapiUser } from '../../strapi.js';
import { USER_UID } from './users.js';

/** The parameter carrying the one-time code to the front end (in the URL fragment on the hardened flow). */
export const LOGIN_CODE_PARAM = 'login_code';
/** The parameter carrying a refused login's stable code to the front end (in the URL fragment on the hardened flow). */
export const LOGIN_ERROR_PARAM = 'error';

/** An absolute URL for `target` if it is on Strapi's origin or an allowed one; throws REDIRECT_NOT_ALLOWED otherwise. */
export function allowedRedirect(runtime: Runtime, target: string, extraOrigins: readonly string[] = []): string {
  const url = safeRedirect(target, {
    base: runtime.urls().base,
    allowedOrigins: [...runtime.options.allowedRedirectOrigins, ...extraOrigins],
    fallback: '',
  });
  if (!url) {
    throw new PluginError(
      'REDIRECT_NOT_ALLOWED',
      'returnTo must be a path on this Strapi or a URL on an origin listed in allowedRedirectOrigins.',
    );
  }
  return url;
}

/** Sends the browser to Cognito with a fresh transaction in the cookie. */
export async function startLogin(
  runtime: Runtime,
  ctx: KoaContext,
  login: { redirectUri: string; returnTo?: string; identityProvider?: string; challenge?: unknown },
): Promise<void> {
  const client = await runtime.client.get();
  const started = await client.startLogin({
    redirectUri: login.redirectUri,
    ...(login.returnTo !== undefined ? { returnTo: login.returnTo } : {}),
    ...(login.identityProvider !== undefined ? { identityProvider: login.identityProvider } : {}),
  });
  transactionCookie.set(ctx, started.transaction, started.maxAgeSeconds);
  // The binding must outlive the transaction by the login code's lifetime: it is checked when the code is redeemed.
  bindBrowser(ctx, login.challenge, started.maxAgeSeconds + runtime.options.loginCodeTtlSeconds);
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(started.url);
}

/** Finishes the login this browser started: verifies everything through core, then finds or creates the Strapi user. */
export async function finishLogin(
  runtime: Runtime,
  ctx: KoaContext,
): Promise<{ user: StrapiUser; returnTo: string | undefined; binding: CodeBinding }> {
  const result = await verifyCallback(runtime, ctx);
  try {
    const binding = await browserBinding(ctx);
    const user = await runtime.users.signIn(result.profile);
    return { user, returnTo: result.returnTo, binding };
  } catch (error) {
    if (result.returnTo !== undefined && typeof error === 'object' && error !== null)
      refusedReturnTo.set(error, result.returnTo);
    throw error;
  }
}

// The returnTo of logins refused after core verified them (a group, a role, an email rule), keyed by the error thrown.
const refusedReturnTo = new WeakMap<object, string>();

/**
 * Where the login that failed with `error` wanted to go back to (unvalidated): known once core opened its transaction,
 * whether core refused the callback (`detail.returnTo`) or the plugin refused the user afterwards. Undefined otherwise.
 */
export function returnToOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return refusedReturnTo.get(error) ?? (error instanceof CognitoError ? error.detail.returnTo : undefined);
}

/** The callback's verified result through core (transaction cookie, state, nonce, PKCE, both tokens); the cookie is spent. */
export async function verifyCallback(runtime: Runtime, ctx: KoaContext): Promise<LoginResult> {
  const transaction = transactionCookie.read(ctx);
  // Whatever happens next, this transaction is spent.
  transactionCookie.clear(ctx);
  if (!transaction) {
    throw new CognitoFlowError(
      'FLOW_TRANSACTION_INVALID',
      'No login is in progress in this browser (its login cookie is missing: cookies blocked, another browser, or the login already finished). Start again.',
    );
  }
  const client = await runtime.client.get();
  return client.finishLogin(ctx.href, transaction);
}

/**
 * A one-time code for `user`, bound to this browser, and `target` with the code added for the front end to exchange: in
 * the URL fragment (never sent to a server, never in a request log) or, for users-permissions' documented built-in
 * pattern, in the query.
 */
export async function redirectWithCode(
  runtime: Runtime,
  ctx: KoaContext,
  login: { user: StrapiUser; binding: CodeBinding },
  target: string,
  delivery: 'fragment' | 'query',
): Promise<void> {
  const code = await runtime.tickets.issue(
    { userId: login.user.id, binding: login.binding },
    runtime.options.loginCodeTtlSeconds,
  );
  const url = new URL(target);
  if (delivery === 'query') url.searchParams.set(LOGIN_CODE_PARAM, code);
  else url.hash = new URLSearchParams({ [LOGIN_CODE_PARAM]: code }).toString();
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(url.href);
}

/** Exchanges a one-time code (once, and only in the browser it is bound to) for users-permissions' `{ jwt, user }`. */
export async function redeemCode(
  runtime: Runtime,
  ctx: KoaContext,
  code: unknown,
  verifier: unknown,
): Promise<AuthResponse> {
  const payload = typeof code === 'string' ? await runtime.tickets.redeem(code) : undefined;
  if (!payload)
    throw new PluginError('CODE_INVALID', 'The login code is unknown, expired or already used; sign in again.');
  // The code is spent either way: a code tried in the wrong browser is gone for everyone.
  await checkBinding(ctx, payload.binding, verifier);
  const user = (await runtime.strapi.db
    .query(USER_UID)
    .findOne({ where: { id: payload.userId }, populate: ['role'] })) as StrapiUser | null;
  if (!user) throw new PluginError('USER_UNKNOWN', 'The user of this login code no longer exists.');
  if (user.blocked) throw new PluginError('USER_BLOCKED', 'This Strapi account has been blocked by an administrator.');
  return authResponse(runtime.strapi, ctx, user);
}
