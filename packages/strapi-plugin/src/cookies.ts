// The plugin's two login cookies (the sealed transaction, the login code's browser binding), named and shaped by core's edge.
import { type EdgeCookie, clearCookie, edgeCookie, readCookie, setCookie } from '@cognito-connect/core';
import { isSecure } from './koa-request.js';
import type { KoaContext } from './strapi.js';

/** The transaction cookie's base name: `__Host-cognito_connect_tx` on https (core adds the prefix), bare on plain http. */
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
 * One login cookie, on Strapi's whole host (`Path=/`) so that on https core's edgeCookie names it `__Host-`: a browser
 * accepts that name only host-only, so a page on a sibling subdomain cannot plant its own login (transaction and binding)
 * in a visitor's browser with `Domain=<parent>`, as it could a `__Secure-` cookie scoped to `/api`. Attributes are core's
 * (HttpOnly, SameSite=Lax, Secure on https, also behind a proxy Strapi trusts).
 */
export function loginCookie(name: string) {
  const cookie = (ctx: KoaContext) => edgeCookie(name, { secure: isSecure(ctx), path: '/' });
  return {
    set(ctx: KoaContext, value: string, maxAgeSeconds: number): void {
      const c = cookie(ctx);
      putSetCookie(ctx, c, setCookie(c, value, maxAgeSeconds));
    },
    read(ctx: KoaContext): string | undefined {
      const header = ctx.request.header.cookie;
      return readCookie(Array.isArray(header) ? header.join('; ') : header, cookie(ctx));
    },
    clear(ctx: KoaContext): void {
      const c = cookie(ctx);
      putSetCookie(ctx, c, clearCookie(c));
    },
  };
}

export const transactionCookie = loginCookie(TRANSACTION_COOKIE);
export const bindingCookie = loginCookie(BINDING_COOKIE);
