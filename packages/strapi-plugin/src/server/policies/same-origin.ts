// State-changing routes (logout) accept a browser's request only from Strapi's own origin or an allowed front end.
import type { KoaContext } from '../../strapi.js';

/**
 * Whether a state-changing request may come from where it comes from: an `Origin` must be Strapi's or one of
 * `allowedOrigins`. An opaque `Origin: null` (what Chromium sends under `Referrer-Policy: no-referrer`, Strapi's default)
 * or none at all is judged by `Sec-Fetch-Site`, which must say same-origin (or a typed URL). A request with neither is not
 * a browser's (browsers send one of them on every POST), so no other site can have forged it.
 */
export function isSameOriginRequest(ctx: KoaContext, strapiOrigin: string, allowedOrigins: readonly string[]): boolean {
  const origin = ctx.request.header.origin;
  if (typeof origin === 'string' && origin !== 'null')
    return origin === strapiOrigin || allowedOrigins.includes(origin);
  const site = ctx.request.header['sec-fetch-site'];
  if (site === undefined) return origin === undefined;
  return site === 'same-origin' || site === 'none';
}
