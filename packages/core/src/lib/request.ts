// What the edge decides from a request alone: was it made over TLS, and may it change state (same-origin check).
import { CognitoRequestError } from './errors.js';

/** Options shared by the request checks. */
export interface RequestTrustOptions {
  /**
   * Trust `X-Forwarded-Proto` / `Forwarded: proto=` from a TLS-terminating proxy in front of this server.
   * Only enable it when such a proxy always sets (overwrites) the header. Default false.
   */
  trustProxy?: boolean;
}

function forwardedProto(headers: Headers): string | undefined {
  const forwarded = headers.get('forwarded');
  if (forwarded) {
    const match = /(?:^|[;,\s])proto="?([a-z]+)"?/i.exec(forwarded.split(',')[0] ?? '');
    if (match) return match[1]?.toLowerCase();
  }
  return headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() || undefined;
}

/**
 * True when the browser reached this site over https: the request URL's scheme, or, with `trustProxy`,
 * the scheme a TLS-terminating proxy reports. Decides the cookies' `Secure` attribute and prefix.
 *
 * @example
 * ```ts
 * import { edgeCookie, isSecureRequest } from '@cognito-connect/core';
 * const cookie = edgeCookie('cognito-tx', { secure: isSecureRequest(request, { trustProxy: true }) });
 * ```
 */
export function isSecureRequest(request: Request, options: RequestTrustOptions = {}): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  return Boolean(options.trustProxy) && forwardedProto(request.headers) === 'https';
}

/** Which origins {@link checkSameOrigin} accepts besides the request's own. */
export interface SameOriginOptions {
  /** The site's public origins (e.g. the redirect URI's origin when a proxy rewrites the Host), and any trusted front ends. */
  allowedOrigins?: readonly string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when a request may change state: a safe method (GET, HEAD, OPTIONS), or a browser request whose
 * `Sec-Fetch-Site` is `same-origin`/`none`, or whose `Origin` is the request's own origin or an allowed one.
 * A request with neither header did not come from a browser page (curl, a server) and is allowed, as in Go's
 * `CrossOriginProtection`; browsers always send at least one of them on a POST.
 *
 * @example
 * ```ts
 * import { checkSameOrigin } from '@cognito-connect/core';
 * if (!checkSameOrigin(request, { allowedOrigins: ['https://app.example.com'] })) return new Response(null, { status: 403 });
 * ```
 */
export function checkSameOrigin(request: Request, options: SameOriginOptions = {}): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  const origin = request.headers.get('origin');
  const allowed = (): boolean => {
    if (!origin || origin === 'null') return false;
    if (origin === new URL(request.url).origin) return true;
    return (options.allowedOrigins ?? []).some((o) => {
      try {
        return new URL(o).origin === origin;
      } catch {
        return false;
      }
    });
  };
  const site = request.headers.get('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none' || allowed();
  if (origin) return allowed();
  return true;
}

/**
 * Throws {@link CognitoRequestError} `REQUEST_CROSS_SITE` unless {@link checkSameOrigin} allows the request.
 *
 * @example
 * ```ts
 * import { errorResponse, requireSameOrigin } from '@cognito-connect/core';
 * try { requireSameOrigin(request); } catch (e) { return errorResponse(e, { request }); }
 * ```
 */
export function requireSameOrigin(request: Request, options: SameOriginOptions = {}): void {
  if (!checkSameOrigin(request, options)) {
    throw new CognitoRequestError(
      'REQUEST_CROSS_SITE',
      'This action must be started from this site; a request from another site was refused.',
    );
  }
}
