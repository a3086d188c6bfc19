// The gateway's session cookie, through core's one cookie rule (names, prefixes, attributes live in core's edge).
import {
  type EdgeCookie,
  clearCookie,
  edgeCookie,
  readCookie as readEdgeCookie,
  setCookie,
} from '@cognito-connect/core';

export { withCookies } from '@cognito-connect/core';

/** A cookie's name and attributes, as core's `edgeCookie` decides them. */
export type CookieSpec = EdgeCookie;

/**
 * Names a cookie for a site (core's `edgeCookie`: `__Host-`/`__Secure-` on https, the bare name on loopback http).
 *
 * @example
 * ```ts
 * const session = cookieSpec('cc_session', '/', true); // name '__Host-cc_session'
 * ```
 */
export function cookieSpec(base: string, path: string, secure: boolean): CookieSpec {
  return edgeCookie(base, { path, secure });
}

/**
 * The cookie's value from a Cookie header, or undefined.
 *
 * @example
 * ```ts
 * const sealed = readCookie(request.headers.get('cookie'), cookieSpec('cc_session', '/', true));
 * ```
 */
export function readCookie(header: string | null | undefined, spec: CookieSpec): string | undefined {
  return readEdgeCookie(header, spec);
}

/** A Set-Cookie header value storing `value` for `maxAgeSeconds`. */
export const setCookieHeader = setCookie;

/** A Set-Cookie header value deleting the cookie. */
export const clearCookieHeader = clearCookie;
