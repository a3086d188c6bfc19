// The one URL rule for every option that names a URL: https, or http only on loopback; no credentials or fragment.
import { CognitoConfigError } from './errors.js';

/**
 * True for hosts where plain http is acceptable (Cognito itself only allows http redirect URIs for localhost).
 *
 * @example
 * ```ts
 * import { isLoopbackHost } from '@cognito-connect/core';
 * isLoopbackHost(new URL('http://127.0.0.1:3000').hostname); // true
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Shows a non-secret value in an error, shortened so a stray paste does not flood a log line. */
export function show(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** What {@link parseHttpsUrl} accepts beyond its base rule. */
export interface HttpsUrlOptions {
  /** Words for the URL in errors, e.g. "your callback URL". Default "a URL". */
  what?: string;
  /** Refuse a query string (`?…`), e.g. for an issuer or a site root. Default false. */
  noQuery?: boolean;
  /** Refuse any path other than `/`, e.g. for a bare origin. Default false. */
  originOnly?: boolean;
}

/**
 * The one URL rule: an absolute `https:` URL, or `http:` only on loopback (as Cognito itself allows),
 * without a user name, password or `#fragment`. Throws {@link CognitoConfigError} naming `field` and the fix
 * (`CONFIG_INVALID_URL`, or `CONFIG_INSECURE_URL` for http on a public host). Returns the parsed URL.
 *
 * @example
 * ```ts
 * import { parseHttpsUrl } from '@cognito-connect/core';
 * parseHttpsUrl('redirectUri', 'https://app.example.com/callback').href; // 'https://app.example.com/callback'
 * parseHttpsUrl('redirectUri', 'http://app.example.com/'); // throws CONFIG_INSECURE_URL naming redirectUri
 * ```
 */
export function parseHttpsUrl(field: string, value: unknown, options: HttpsUrlOptions = {}): URL {
  const what = options.what ?? 'a URL';
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CognitoConfigError(
      'CONFIG_REQUIRED',
      field,
      `is required: ${what}, such as https://app.example.com/callback.`,
    );
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new CognitoConfigError(
      'CONFIG_INVALID_URL',
      field,
      `expected an absolute URL (${what}) such as https://app.example.com/callback; got ${show(value)}.`,
      { expected: 'an absolute https:// URL' },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CognitoConfigError(
      'CONFIG_INVALID_URL',
      field,
      `expected an https:// URL (${what}); got the scheme ${url.protocol}`,
      { expected: 'https:' },
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new CognitoConfigError(
      'CONFIG_INSECURE_URL',
      field,
      `plain http is only allowed for localhost and 127.0.0.1 (as in Cognito); use https:// for ${url.hostname}.`,
      { expected: 'https:' },
    );
  }
  if (url.username || url.password) {
    throw new CognitoConfigError('CONFIG_INVALID_URL', field, 'must not contain a user name or password.');
  }
  if (url.hash || value.trim().endsWith('#')) {
    throw new CognitoConfigError('CONFIG_INVALID_URL', field, `must not contain a #fragment (${what}).`);
  }
  if (options.noQuery && (url.search || value.includes('?'))) {
    throw new CognitoConfigError('CONFIG_INVALID_URL', field, `must not contain a query string (${what}).`);
  }
  if (options.originOnly && url.pathname !== '/') {
    throw new CognitoConfigError(
      'CONFIG_INVALID_URL',
      field,
      `expected only an origin such as https://app.example.com (${what}); drop the path ${show(url.pathname)}.`,
    );
  }
  return url;
}
