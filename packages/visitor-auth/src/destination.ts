// Where a visitor lands after login: a page on the configured site, or the site's root; never anywhere else.
import { parseHttpsUrl, safeRedirect } from '@cognito-connect/core';

/** The published site, normalized once. */
export interface Site {
  /** The site's root URL: `https://docs.example.com/` or, for a site under a path, `https://example.com/docs`. */
  readonly url: string;
  readonly origin: string;
  /** The path the site lives under, without a trailing slash; `''` for a site at the origin's root. */
  readonly path: string;
  readonly secure: boolean;
}

/**
 * Validates the site URL (absolute, https unless loopback, no query, fragment or credentials).
 *
 * @example
 * ```ts
 * parseSite('https://docs.example.com/guide'); // { url, origin: 'https://docs.example.com', path: '/guide', secure: true }
 * ```
 */
export function parseSite(value: unknown, field = 'site.url'): Site {
  const url = parseHttpsUrl(field, value, { what: "the published site's URL", noQuery: true });
  const path = url.pathname.replace(/\/+$/, '');
  return Object.freeze({
    url: path ? url.origin + path : `${url.origin}/`,
    origin: url.origin,
    path,
    secure: url.protocol === 'https:',
  });
}

/**
 * Turns a requested location (GitBook's `location`, a path relative to the site, or an absolute URL on it)
 * into an absolute URL on the site. Anything core's `safeRedirect` refuses — other origins, `//host`, `/\host`,
 * encoded variants, odd schemes — gives the site's root. A leftover `jwt_token` is dropped.
 *
 * @example
 * ```ts
 * const site = parseSite('https://docs.example.com/guide');
 * destinationOnSite('/guide/install', site); // 'https://docs.example.com/guide/install'
 * destinationOnSite('https://evil.example/', site); // 'https://docs.example.com/guide'
 * ```
 */
export function destinationOnSite(location: string | null | undefined, site: Site): string {
  const checked = safeRedirect(location, { base: `${site.origin}/`, fallback: site.url });
  if (checked === site.url) return site.url;
  const url = new URL(checked);
  if (site.path && url.pathname !== site.path && !url.pathname.startsWith(`${site.path}/`)) {
    url.pathname = site.path + url.pathname;
  }
  if (url.searchParams.has('jwt_token')) url.searchParams.delete('jwt_token');
  return url.href;
}
