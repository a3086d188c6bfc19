// The login's cookies, one way everywhere: HttpOnly, SameSite=Lax, and Secure with a __Host-/__Secure- prefix on https.

/** A cookie's name and attributes, decided once by {@link edgeCookie}. */
export interface EdgeCookie {
  /** The full name, prefix included (`__Host-cognito-tx`). */
  readonly name: string;
  readonly path: string;
  readonly secure: boolean;
  readonly sameSite: 'Lax' | 'Strict';
}

const NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
// RFC 6265 cookie-octet: what a value may hold without quoting (our values are base64url and dots).
const VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/**
 * Names a cookie for a site and fixes its attributes. On https (`secure`) a cookie scoped to `/` gets the
 * `__Host-` prefix (bound to this exact host, no Domain), any other path `__Secure-`; plain-http loopback
 * development gets the bare name. Decide `secure` with {@link isSecureRequest}.
 *
 * @example
 * ```ts
 * import { edgeCookie } from '@cognito-connect/core';
 * edgeCookie('cognito-tx', { secure: true }).name; // '__Host-cognito-tx'
 * edgeCookie('cognito-tx', { secure: true, path: '/auth/' }).name; // '__Secure-cognito-tx'
 * ```
 */
export function edgeCookie(
  base: string,
  options: { secure: boolean; path?: string; sameSite?: 'Lax' | 'Strict' },
): EdgeCookie {
  const path = options.path ?? '/';
  if (!NAME.test(base) || base.startsWith('__'))
    throw new TypeError(`Invalid cookie base name ${JSON.stringify(base)}.`);
  if (!path.startsWith('/') || /[;\s]/.test(path)) throw new TypeError(`Invalid cookie path ${JSON.stringify(path)}.`);
  const prefix = !options.secure ? '' : path === '/' ? '__Host-' : '__Secure-';
  return Object.freeze({ name: prefix + base, path, secure: options.secure, sameSite: options.sameSite ?? 'Lax' });
}

/**
 * The cookie's value from a request (or its Cookie header), or undefined when absent or empty.
 *
 * @example
 * ```ts
 * import { edgeCookie, readCookie } from '@cognito-connect/core';
 * const tx = edgeCookie('cognito-tx', { secure: true });
 * readCookie(new Request('https://a.example', { headers: { cookie: '__Host-cognito-tx=abc' } }), tx); // 'abc'
 * ```
 */
export function readCookie(
  from: Request | Headers | string | null | undefined,
  cookie: EdgeCookie,
): string | undefined {
  const header =
    typeof from === 'string' || from === null || from === undefined
      ? from
      : from instanceof Headers
        ? from.get('cookie')
        : from.headers.get('cookie');
  if (!header || !header.includes(cookie.name)) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== cookie.name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value === '' ? undefined : value;
  }
  return undefined;
}

function attributes(cookie: EdgeCookie, maxAge: number): string {
  return [
    `Max-Age=${maxAge}`,
    ...(maxAge === 0 ? ['Expires=Thu, 01 Jan 1970 00:00:00 GMT'] : []),
    `Path=${cookie.path}`,
    'HttpOnly',
    ...(cookie.secure ? ['Secure'] : []),
    `SameSite=${cookie.sameSite}`,
  ].join('; ');
}

/**
 * A `Set-Cookie` header value storing `value` (cookie-safe characters only, e.g. a sealed string) for `maxAgeSeconds`.
 *
 * @example
 * ```ts
 * import { edgeCookie, setCookie } from '@cognito-connect/core';
 * headers.append('set-cookie', setCookie(edgeCookie('session', { secure: true }), sealed, 3600));
 * ```
 */
export function setCookie(cookie: EdgeCookie, value: string, maxAgeSeconds: number): string {
  if (!VALUE.test(value)) throw new TypeError(`The value of cookie ${cookie.name} holds characters a cookie cannot.`);
  return `${cookie.name}=${value}; ${attributes(cookie, Math.max(0, Math.floor(maxAgeSeconds)))}`;
}

/**
 * A `Set-Cookie` header value deleting the cookie.
 *
 * @example
 * ```ts
 * import { clearCookie, edgeCookie } from '@cognito-connect/core';
 * headers.append('set-cookie', clearCookie(edgeCookie('session', { secure: true })));
 * ```
 */
export function clearCookie(cookie: EdgeCookie): string {
  return `${cookie.name}=; ${attributes(cookie, 0)}`;
}

/**
 * Returns `response` with `Set-Cookie` headers added, copying it when its headers are immutable
 * (as after `Response.redirect` or a `fetch`).
 *
 * @example
 * ```ts
 * import { clearCookie, withCookies } from '@cognito-connect/core';
 * return withCookies(Response.redirect('https://app.example.com/', 303), [clearCookie(session)]);
 * ```
 */
export function withCookies(response: Response, cookies: readonly string[]): Response {
  if (cookies.length === 0) return response;
  const copy = new Response(response.body, response);
  for (const cookie of cookies) copy.headers.append('set-cookie', cookie);
  return copy;
}
