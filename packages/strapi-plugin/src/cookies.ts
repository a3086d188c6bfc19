// The plugin's two login cookies (the sealed transaction, the login code's browser binding), named and shaped by core's edge.
import { type EdgeCookie, clearCookie, edgeCookie, readCookie, setCookie } from '@cognito-connect/core';
import { isSecure } from './koa-request.js';
import type { KoaContext } from './strapi.js';

/** The transaction cookie's base name: `__Secure-cognito_connect_tx` on https (core adds the prefix), bare on plain http. */
export const TRANSACTION_COOKIE = 'cognito_connect_tx';
/** The cookie that binds a one-time login code to the browser that started the login. */
export const BINDING_COOKIE = 'cognito_connect_bind';

/** One `Set-Cookie` per name and response, as Koa's own cookies do (a later set or clear replaces an earlier one). */
function putSetCookie(ctx: KoaContext, cookie: EdgeCookie, header: string): void {
  const current = ctx.response.get('Set-Cookie');
  const others = (Array.isArray(current) ? current : current ? [String(current)] : []).filter(
    (line) => !line.startsWith(`${cookie.name}=`),
  );
  ctx.set('Set-Cookie', [...others, header]);
}

/**
 * One login cookie, scoped to Strapi's REST prefix (`/api`): core's edgeCookie decides the prefix (`__Host-` on `/`,
 * `__Secure-` otherwise) and the attributes (HttpOnly, SameSite=Lax, Secure on https, also behind a proxy Strapi trusts).
 */
export function loginCookie(name: string) {
  const cookie = (ctx: KoaContext, apiPrefix: string) =>
    edgeCookie(name, { secure: isSecure(ctx), path: apiPrefix || '/' });
  return {
    set(ctx: KoaContext, apiPrefix: string, value: string, maxAgeSeconds: number): void {
      const c = cookie(ctx, apiPrefix);
      putSetCookie(ctx, c, setCookie(c, value, maxAgeSeconds));
    },
    read(ctx: KoaContext, apiPrefix: string): string | undefined {
      const header = ctx.request.header.cookie;
      return readCookie(Array.isArray(header) ? header.join('; ') : header, cookie(ctx, apiPrefix));
    },
    clear(ctx: KoaContext, apiPrefix: string): void {
      const c = cookie(ctx, apiPrefix);
      putSetCookie(ctx, c, clearCookie(c));
    },
  };
}

export const transactionCookie = loginCookie(TRANSACTION_COOKIE);
export const bindingCookie = loginCookie(BINDING_COOKIE);
