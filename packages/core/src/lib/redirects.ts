// Decides where a user may be sent after login or logout: same-site paths and allow-listed origins only.

/** Where `safeRedirect` may send a user: the site's own origin and allow-listed ones. */
export interface SafeRedirectOptions {
  /** The site's own origin or URL; relative targets resolve against it. */
  base: string;
  /** Other origins that may be redirected to (e.g. a separate front end), as `https://app.example.com`. */
  allowedOrigins?: readonly string[];
  /** Where to go when the target is refused. Default: the base's origin root. */
  fallback?: string;
}

// Characters browsers strip or reinterpret in URLs: a target containing them is refused outright.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_SPACE = /[\u0000-\u001f\u007f\s]/;

/**
 * Returns an absolute URL for `target` when it is a path on the base's origin or an allow-listed origin; otherwise the fallback.
 * Refuses protocol-relative (`//evil`), backslash (`/\evil`), encoded and scheme tricks.
 *
 * @example
 * ```ts
 * safeRedirect('/docs?x=1', { base: 'https://app.example.com' }); // 'https://app.example.com/docs?x=1'
 * safeRedirect('//evil.example', { base: 'https://app.example.com' }); // 'https://app.example.com/'
 * ```
 */
export function safeRedirect(target: string | null | undefined, options: SafeRedirectOptions): string {
  const base = new URL(options.base);
  const fallback = options.fallback ?? `${base.origin}/`;
  if (typeof target !== 'string' || target === '' || target.length > 2048) return fallback;
  let decoded = target;
  // Look through a few layers of percent-encoding: `%2F%2Fevil` must not become `//evil` downstream.
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      return fallback;
    }
  }
  if (CONTROL_OR_SPACE.test(decoded) || decoded.includes('\\')) return fallback;
  const allowed = new Set([base.origin, ...(options.allowedOrigins ?? []).map((o) => new URL(o).origin)]);
  let url: URL;
  if (target.startsWith('/')) {
    if (decoded.startsWith('//')) return fallback;
    url = new URL(target, base.origin);
  } else {
    try {
      url = new URL(target);
    } catch {
      return fallback;
    }
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return fallback;
  // A path that normalizes to `//host` (`/.//evil`, `/a/..//evil`) becomes protocol-relative wherever the path is reused alone.
  if (url.pathname.startsWith('//')) return fallback;
  return allowed.has(url.origin) ? url.href : fallback;
}
