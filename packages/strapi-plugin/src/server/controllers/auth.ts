// The hardened flow's endpoints: /api/cognito-connect/login, /callback, /exchange and /logout.
import { IDP_AUTHORIZE_PARAMS } from '@cognito-connect/core';
import { clearTransaction } from '../../cookies.js';
import { respondWithError } from '../../errors.js';
import {
  LOGIN_CODE_PARAM,
  allowedRedirect,
  finishLogin,
  redeemCode,
  redirectWithCode,
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

export const authController = ({ strapi }: { strapi: Strapi }) => ({
  login: guarded(strapi, async (runtime, ctx) => {
    const returnTo = one(ctx.query.returnTo);
    await startLogin(runtime, ctx, {
      redirectUri: runtime.urls().callback,
      ...(returnTo ? { returnTo: allowedRedirect(runtime, returnTo) } : {}),
      ...(one(ctx.query[IDP_AUTHORIZE_PARAMS.byName])
        ? { identityProvider: one(ctx.query[IDP_AUTHORIZE_PARAMS.byName]) as string }
        : {}),
    });
  }),

  callback: guarded(strapi, async (runtime, ctx) => {
    const { user, returnTo } = await finishLogin(runtime, ctx);
    if (returnTo) {
      // Checked again here: the allow-list may have changed since the login started.
      await redirectWithCode(runtime, ctx, user, allowedRedirect(runtime, returnTo));
      return;
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await authResponse(strapi, ctx, user);
  }),

  exchange: guarded(strapi, async (runtime, ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await redeemCode(runtime, ctx, body.code ?? body[LOGIN_CODE_PARAM]);
  }),

  logout: guarded(strapi, async (runtime, ctx) => {
    clearTransaction(ctx, runtime.apiPrefix());
    if (ctx.session) ctx.session = null;
    await revokeRefreshSession(runtime, ctx);
    const returnTo = one(ctx.query.returnTo);
    const client = await runtime.client.get();
    // Cognito accepts only the app client's registered sign-out URLs; returnTo must also pass our allow-list first.
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(client.logoutUrl(returnTo ? { logoutUri: allowedRedirect(runtime, returnTo) } : {}));
  }),
});
