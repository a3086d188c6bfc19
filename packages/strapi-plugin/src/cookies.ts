// The plugin's two login cookies (the sealed transaction, the login code's browser binding): HttpOnly, Lax, Secure + prefixed on https.
import type { KoaContext } from './strapi.js';

/** The transaction cookie's name on plain-http development; on https it is `__Secure-cognito_connect_tx`. */
export const TRANSACTION_COOKIE = 'cognito_connect_tx';
/** The cookie that binds a one-time login code to the browser that started the login. */
export const BINDING_COOKIE = 'cognito_connect_bind';

/**
 * On https (directly, or behind a TLS-terminating proxy Strapi trusts through `server.proxy.koa`) a cookie is Secure and
 * prefixed: `__Host-` when scoped to `/`, `__Secure-` otherwise; plain-http development gets the bare name.
 */
const named = (ctx: KoaContext, name: string, path: string) =>
  !ctx.secure ? name : path === '/' ? `__Host-${name}` : `__Secure-${name}`;

// Lax: the cookies must come back on Cognito's top-level redirect to the callback, and on nothing cross-site else.
const attributes = (ctx: KoaContext, path: string) => ({
  httpOnly: true,
  sameSite: 'lax',
  secure: ctx.secure,
  path,
  overwrite: true,
  signed: false,
});

/** One login cookie, scoped to Strapi's REST prefix (`/api`). */
export function loginCookie(name: string) {
  return {
    set(ctx: KoaContext, apiPrefix: string, value: string, maxAgeSeconds: number): void {
      const path = apiPrefix || '/';
      ctx.cookies.set(named(ctx, name, path), value, { ...attributes(ctx, path), maxAge: maxAgeSeconds * 1000 });
    },
    read(ctx: KoaContext, apiPrefix: string): string | undefined {
      return ctx.cookies.get(named(ctx, name, apiPrefix || '/'), { signed: false }) || undefined;
    },
    clear(ctx: KoaContext, apiPrefix: string): void {
      const path = apiPrefix || '/';
      ctx.cookies.set(named(ctx, name, path), null, { ...attributes(ctx, path), maxAge: 0 });
    },
  };
}

export const transactionCookie = loginCookie(TRANSACTION_COOKIE);
export const bindingCookie = loginCookie(BINDING_COOKIE);
