// Opens a Strapi 5 admin session for a user the way the admin's own login does: a session-manager refresh token in its
// HttpOnly cookie, and an access token in the cookie the admin panel reads at start (as Strapi's SSO hand-off does).
import { randomUUID } from 'node:crypto';
import { buildSessionMetadata } from '@strapi/utils';
import { ADMIN_MARKER_COOKIE } from '../../admin-shared.js';
import type { KoaContext, Strapi } from '../../strapi.js';
import { withAdmin } from '../../strapi-admin.js';

/**
 * The admin's refresh-token cookie (`REFRESH_COOKIE_NAME` in @strapi/admin's session-auth). Strapi's admin reads it at
 * `/admin/access-token`; admin-session.test.ts fails if an installed @strapi/admin names it differently.
 */
export const ADMIN_REFRESH_COOKIE = 'strapi_admin_refresh';
const DEFAULT_ACCESS_COOKIE = 'jwtToken';
const DEFAULT_COOKIE_PATH = '/admin';
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 6265: control characters and ";" never belong in a path, nor separators in a domain (as Strapi's own checks say).
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
const BAD_PATH = /[\x00-\x1F\x7F;]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
const BAD_DOMAIN = /[\x00-\x1F\x7F;,\s/:]/;

/** Where and how Strapi's admin keeps its cookies, from `admin.auth.cookie.*` (the same config the admin build reads). */
export interface AdminCookies {
  /** The access-token cookie the admin panel reads (`admin.auth.cookie.name`, default `jwtToken`). */
  accessName: string;
  /** `admin.auth.cookie.path`, default `/admin`. */
  path: string;
  /** `admin.auth.cookie.domain` (or `admin.auth.domain`); undefined for a host-only cookie. */
  domain: string | undefined;
  /** `admin.auth.cookie.sameSite`, default `lax`. */
  sameSite: string;
  /** `admin.auth.cookie.secure` when set; else Secure in production on a secure request. */
  secure(requestSecure: boolean): boolean;
}

/**
 * Strapi's admin cookie settings, resolved as @strapi/admin 5.x resolves them (invalid values fall back to the defaults).
 *
 * @example
 * ```ts
 * adminCookies(strapi).path; // '/admin'
 * ```
 */
export function adminCookies(strapi: Strapi): AdminCookies {
  const text = (key: string) => String(strapi.config.get<string | undefined>(key) ?? '').trim();
  const name = text('admin.auth.cookie.name');
  const path = text('admin.auth.cookie.path');
  const domain = text('admin.auth.cookie.domain') || text('admin.auth.domain');
  const configuredSecure = strapi.config.get<unknown>('admin.auth.cookie.secure');
  return {
    accessName: name && COOKIE_NAME.test(name) ? name : DEFAULT_ACCESS_COOKIE,
    path: path.startsWith('/') && !BAD_PATH.test(path) ? path : DEFAULT_COOKIE_PATH,
    domain: domain && !BAD_DOMAIN.test(domain) ? domain : undefined,
    sameSite: strapi.config.get<string | undefined>('admin.auth.cookie.sameSite') ?? 'lax',
    secure: (requestSecure) =>
      typeof configuredSecure === 'boolean' ? configuredSecure : process.env.NODE_ENV === 'production' && requestSecure,
  };
}

/** The refresh cookie's attributes for a browser-session login (what the admin's password login sets without "remember me"). */
export function refreshCookieOptions(strapi: Strapi, requestSecure: boolean): Record<string, unknown> {
  const cookies = adminCookies(strapi);
  return {
    httpOnly: true,
    secure: cookies.secure(requestSecure),
    overwrite: true,
    domain: cookies.domain,
    path: cookies.path,
    sameSite: cookies.sameSite,
    maxAge: undefined,
  };
}

/**
 * Issues the admin session for `userId` and sets its cookies on the response; the admin panel then starts signed in.
 *
 * @example
 * ```ts
 * await openAdminSession(strapi, ctx, user.id);
 * ctx.redirect('/admin');
 * ```
 */
export async function openAdminSession(strapi: Strapi, ctx: KoaContext, userId: number): Promise<void> {
  const sessions = withAdmin(strapi).sessionManager?.('admin');
  if (!sessions) throw new Error("Strapi's session manager is not available (Strapi 5.24 or later is required)");
  const refresh = await sessions.generateRefreshToken(String(userId), randomUUID(), {
    type: 'session',
    metadata: buildSessionMetadata({ userAgent: String(ctx.request.header['user-agent'] ?? '') }),
  });
  const access = await sessions.generateAccessToken(refresh.token);
  if ('error' in access) throw new Error(`Strapi refused to issue an admin access token (${access.error})`);
  const options = refreshCookieOptions(strapi, ctx.secure);
  ctx.cookies.set(ADMIN_REFRESH_COOKIE, refresh.token, options);
  // Not HttpOnly: the admin panel reads its access token from this cookie at start, exactly as after Strapi's own SSO.
  ctx.cookies.set(adminCookies(strapi).accessName, access.token, { ...options, httpOnly: false });
  ctx.cookies.set(ADMIN_MARKER_COOKIE, '1', { ...options, httpOnly: false });
}
