// The hardened flow's endpoints: /api/cognito-connect/login, /callback, /exchange and /logout.
import { IDP_AUTHORIZE_PARAMS, htmlPage, requireSameOrigin } from '@cognito-connect/core';
import { bindingCookie, transactionCookie } from '../../cookies.js';
import { logRefusal, respondWithError, respondWithRefusal } from '../../errors.js';
import { requestOf } from '../../koa-request.js';
import { CODE_VERIFIER_PARAM, LOGIN_CHALLENGE_PARAM } from '../services/code-binding.js';
import {
  LOGIN_CODE_PARAM,
  LOGIN_ERROR_PARAM,
  allowedRedirect,
  finishLogin,
  redeemCode,
  redirectWithCode,
  returnToOf,
  startLogin,
} from '../services/flow.js';
import { type Runtime, runtimeOf } from '../runtime.js';
import { authResponse } from '../services/session.js';
import type { KoaContext, Strapi } from '../../strapi.js';

const one = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Runs a handler and answers any refusal with Strapi's error body instead of a logged 500. */
export const guarded =
  (strapi: Strapi, handler: (runtime: Runtime, ctx: KoaContext) => Promise<void>) => async (ctx: KoaContext) => {
    try {
      await handler(runtimeOf(strapi), ctx);
    } catch (error) {
      respondWithError(ctx, error, strapi.log);
    }
  };

async function revokeRefreshSession(runtime: Runtime, ctx: KoaContext): Promise<void> {
  const { strapi } = runtime;
  if (strapi.config.get('plugin::users-permissions.jwtManagement') !== 'refresh' || !strapi.sessionManager) return;
  const name =
    strapi.config.get<string | undefined>('plugin::users-permissions.sessions.cookie.name') ?? 'strapi_up_refresh';
  const token = ctx.cookies.get(name, { signed: false });
  if (!token) return;
  const sessions = strapi.sessionManager('users-permissions');
  const check = await sessions.validateRefreshToken(token);
  if (check.isValid && check.userId && check.sessionId)
    await sessions.revokeSessionById(String(check.userId), check.sessionId);
  ctx.cookies.set(name, null, { path: '/', maxAge: 0, signed: false });
}

/** Where a refused login sends the browser: its returnTo if that is still allowed, else nowhere. */
function refusalTarget(runtime: Runtime, error: unknown): string | undefined {
  const returnTo = returnToOf(error);
  if (returnTo === undefined) return undefined;
  try {
    return allowedRedirect(runtime, returnTo);
  } catch {
    return undefined;
  }
}

/**
 * A refused callback reaches a browser, never an API client: back to the allowed front end with `#error=<CODE>` (a stable
 * code, nothing else: no message, no input), or, with no front end, a readable page with the code (JSON only to a client
 * that asks for JSON alone).
 */
async function refuseCallback(runtime: Runtime, ctx: KoaContext, error: unknown): Promise<void> {
  const refused = logRefusal(runtime.strapi.log, error);
  // The login is over: its code binding is of no further use.
  bindingCookie.clear(ctx);
  ctx.set('Cache-Control', 'no-store');
  const target = refusalTarget(runtime, error);
  if (target) {
    const url = new URL(target);
    url.hash = new URLSearchParams({ [LOGIN_ERROR_PARAM]: refused.code }).toString();
    ctx.redirect(url.href);
    return;
  }
  const accept = String(ctx.request.header.accept ?? '');
  if (!accept.includes('text/html')) return respondWithRefusal(ctx, refused);
  const page = htmlPage(refused.status, {
    title: refused.title,
    message: refused.message,
    detail: `Error code: ${refused.code}`,
    links: [{ href: `${runtime.urls().base}${runtime.apiPrefix()}/cognito-connect/login`, label: 'Sign in again' }],
  });
  ctx.status = page.status;
  page.headers.forEach((value, name) => ctx.set(name, value));
  ctx.body = await page.text();
}

export const authController = ({ strapi }: { strapi: Strapi }) => ({
  login: guarded(strapi, async (runtime, ctx) => {
    const returnTo = one(ctx.query.returnTo);
    const identityProvider = one(ctx.query[IDP_AUTHORIZE_PARAMS.byName]);
    await startLogin(runtime, ctx, {
      redirectUri: runtime.urls().callback,
      ...(returnTo ? { returnTo: allowedRedirect(runtime, returnTo) } : {}),
      ...(identityProvider ? { identityProvider } : {}),
      challenge: one(ctx.query[LOGIN_CHALLENGE_PARAM]),
    });
  }),

  callback: guarded(strapi, async (runtime, ctx) => {
    let login;
    try {
      login = await finishLogin(runtime, ctx);
    } catch (error) {
      await refuseCallback(runtime, ctx, error);
      return;
    }
    if (login.returnTo) {
      // Checked again here: the allow-list may have changed since the login started.
      await redirectWithCode(runtime, ctx, login, allowedRedirect(runtime, login.returnTo), 'fragment');
      return;
    }
    bindingCookie.clear(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await authResponse(strapi, ctx, login.user);
  }),

  exchange: guarded(strapi, async (runtime, ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await redeemCode(runtime, ctx, body.code ?? body[LOGIN_CODE_PARAM], body[CODE_VERIFIER_PARAM]);
  }),

  /** GET: a page asking to confirm (a link or a cross-site page must not sign anyone out); POST: signs out. */
  logout: guarded(strapi, async (runtime, ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    // The confirm page's form carries returnTo in its action's query; a front end's own form may post it in the body.
    const returnTo = one(ctx.method === 'POST' ? body.returnTo : undefined) ?? one(ctx.query.returnTo);
    ctx.set('Cache-Control', 'no-store');
    // Core's same-origin rule: Strapi's public origin (a proxy may rewrite the Host) or an allowed front end.
    if (ctx.method === 'POST')
      requireSameOrigin(requestOf(ctx), {
        allowedOrigins: [new URL(runtime.urls().base).origin, ...runtime.options.allowedRedirectOrigins],
      });
    // Cognito accepts only the app client's registered sign-out URLs; returnTo must also pass our allow-list first.
    const logoutUri = returnTo ? allowedRedirect(runtime, returnTo) : undefined;
    const client = await runtime.client.get();
    if (ctx.method !== 'POST') {
      // Core's confirm page: escaped, never cached or framed; its form POSTs back here from Strapi's own origin.
      const action = returnTo ? `${ctx.path}?${new URLSearchParams({ returnTo })}` : ctx.path;
      const page = htmlPage(200, {
        title: 'Sign out?',
        message: 'Do you want to sign out?',
        form: { action, label: 'Sign out' },
      });
      ctx.status = page.status;
      page.headers.forEach((value, name) => ctx.set(name, value));
      ctx.body = await page.text();
      return;
    }
    const logoutUrl = client.logoutUrl(logoutUri ? { logoutUri } : {});
    transactionCookie.clear(ctx);
    bindingCookie.clear(ctx);
    if (ctx.session) ctx.session = null;
    await revokeRefreshSession(runtime, ctx);
    ctx.status = 303;
    ctx.redirect(logoutUrl);
  }),
});
