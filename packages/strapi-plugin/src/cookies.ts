// The sealed login transaction rides in one HttpOnly cookie between the login redirect and the callback.
import type { KoaContext } from './strapi.js';

export const TRANSACTION_COOKIE = 'cognito_connect_tx';

// Lax: the cookie must come back on Cognito's top-level redirect to the callback, and on nothing cross-site else.
const base = (ctx: KoaContext, apiPrefix: string) => ({
  httpOnly: true,
  sameSite: 'lax',
  secure: ctx.secure,
  path: apiPrefix || '/',
  overwrite: true,
  signed: false,
});

export function setTransaction(ctx: KoaContext, apiPrefix: string, sealed: string, maxAgeSeconds: number): void {
  ctx.cookies.set(TRANSACTION_COOKIE, sealed, { ...base(ctx, apiPrefix), maxAge: maxAgeSeconds * 1000 });
}

export function readTransaction(ctx: KoaContext): string | undefined {
  return ctx.cookies.get(TRANSACTION_COOKIE, { signed: false }) || undefined;
}

export function clearTransaction(ctx: KoaContext, apiPrefix: string): void {
  ctx.cookies.set(TRANSACTION_COOKIE, null, { ...base(ctx, apiPrefix), maxAge: 0 });
}
