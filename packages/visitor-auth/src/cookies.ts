// Our cookies, one way: HttpOnly, SameSite=Lax, Secure with a __Secure-/__Host- prefix whenever the site is https.
import { parse, serialize } from 'hono/utils/cookie';

export interface CookieSpec {
  /** The full name, prefix included. */
  readonly name: string;
  readonly path: string;
  readonly secure: boolean;
}

/**
 * Names a cookie for a site. On https a cookie scoped to `/` gets `__Host-` (bound to this exact host),
 * any other gets `__Secure-`; plain-http loopback development gets the bare name.
 */
export function cookieSpec(base: string, path: string, secure: boolean): CookieSpec {
  const prefix = !secure ? '' : path === '/' ? '__Host-' : '__Secure-';
  return { name: prefix + base, path, secure };
}

/** The cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | null | undefined, spec: CookieSpec): string | undefined {
  if (!header || !header.includes(spec.name)) return undefined;
  const value = parse(header, spec.name)[spec.name];
  return value === '' ? undefined : value;
}

/** A Set-Cookie header value storing `value` for `maxAgeSeconds`. */
export function setCookieHeader(spec: CookieSpec, value: string, maxAgeSeconds: number): string {
  return serialize(spec.name, value, {
    path: spec.path,
    secure: spec.secure,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  });
}

/** A Set-Cookie header value deleting the cookie. */
export function clearCookieHeader(spec: CookieSpec): string {
  return serialize(spec.name, '', {
    path: spec.path,
    secure: spec.secure,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: 0,
    expires: new Date(0),
  });
}

/** Returns `response` with Set-Cookie headers added (copying it when its headers are immutable, as after Response.redirect). */
export function withCookies(response: Response, cookies: readonly string[]): Response {
  if (cookies.length === 0) return response;
  const copy = new Response(response.body, response);
  for (const cookie of cookies) copy.headers.append('set-cookie', cookie);
  return copy;
}
