// The one table from an error to what the browser or API client sees: an HTTP status and a safe page or JSON body.
import { CognitoConnectError, CognitoError, type CognitoErrorCode } from './errors.js';
import { logSafe } from './log-safe.js';
import { type PageLink, htmlPage, PAGE_HEADERS } from './pages.js';

/** What a failure looks like from outside: never a secret, token, code or raw request input. */
export interface ErrorDescription {
  status: number;
  /** A core code, or `INTERNAL_ERROR` for anything that is not a {@link CognitoError} (a bug). */
  code: CognitoErrorCode | 'INTERNAL_ERROR';
  title: string;
  /** What happened and what to do, for the person in front of the browser. */
  message: string;
}

type Row = readonly [status: number, title: string, message: string];

const SIGN_IN_AGAIN: Row = [
  400,
  'Sign-in could not be completed',
  'This sign-in was not started in this browser, took too long, or was already used. Please sign in again.',
];
const UNVERIFIED: Row = [
  401,
  'Sign-in could not be verified',
  'The sign-in could not be verified. Please sign in again.',
];
const UNREACHABLE: Row = [
  502,
  'The sign-in service did not answer',
  'The sign-in service could not be reached; try again in a moment.',
];
const MISCONFIGURED: Row = [
  500,
  "This site's sign-in is misconfigured",
  "Sign-in is not set up correctly on this site; tell the site's owner.",
];

const TABLE: Record<CognitoErrorCode, Row> = {
  CONFIG_REQUIRED: MISCONFIGURED,
  CONFIG_INVALID_TYPE: MISCONFIGURED,
  CONFIG_INVALID_USER_POOL_ID: MISCONFIGURED,
  CONFIG_INVALID_REGION: MISCONFIGURED,
  CONFIG_REGION_MISMATCH: MISCONFIGURED,
  CONFIG_INVALID_DOMAIN: MISCONFIGURED,
  CONFIG_INVALID_URL: MISCONFIGURED,
  CONFIG_INSECURE_URL: MISCONFIGURED,
  CONFIG_INVALID_CLIENT_ID: MISCONFIGURED,
  CONFIG_INVALID_SCOPES: MISCONFIGURED,
  CONFIG_AUTH_METHOD: MISCONFIGURED,
  CONFIG_WEAK_SECRET: MISCONFIGURED,
  CONFIG_INVALID_NUMBER: MISCONFIGURED,
  TOKEN_MALFORMED: UNVERIFIED,
  TOKEN_TOO_LARGE: UNVERIFIED,
  TOKEN_ALG_NOT_ALLOWED: UNVERIFIED,
  TOKEN_HEADER_NOT_ALLOWED: UNVERIFIED,
  TOKEN_KID_UNKNOWN: UNVERIFIED,
  TOKEN_SIGNATURE_INVALID: UNVERIFIED,
  TOKEN_EXPIRED: [401, 'Your sign-in has expired', 'Your sign-in has expired. Please sign in again.'],
  TOKEN_NOT_YET_VALID: UNVERIFIED,
  TOKEN_ISSUED_IN_FUTURE: UNVERIFIED,
  TOKEN_ISSUER_MISMATCH: UNVERIFIED,
  TOKEN_AUDIENCE_MISMATCH: UNVERIFIED,
  TOKEN_CLIENT_ID_MISMATCH: UNVERIFIED,
  TOKEN_USE_MISMATCH: UNVERIFIED,
  TOKEN_CLAIM_INVALID: UNVERIFIED,
  TOKEN_NONCE_MISMATCH: UNVERIFIED,
  TOKEN_AT_HASH_MISMATCH: UNVERIFIED,
  TOKEN_REVOKED: [401, 'Your sign-in has ended', 'This sign-in was revoked or signed out. Please sign in again.'],
  TOKEN_GROUP_REQUIRED: [
    403,
    'Access denied',
    'You are signed in, but this account is not in a group allowed here. Ask the owner for access, or sign out and use another account.',
  ],
  TOKEN_SCOPE_REQUIRED: [403, 'Access denied', 'This sign-in was not granted the access this action needs.'],
  JWKS_UNAVAILABLE: [
    503,
    'The sign-in service is unavailable',
    "The sign-in service's keys could not be fetched; try again in a moment.",
  ],
  HTTP_STATUS: UNREACHABLE,
  HTTP_NETWORK: UNREACHABLE,
  HTTP_TIMEOUT: [
    504,
    'The sign-in service did not answer',
    'The sign-in service did not answer in time; try again in a moment.',
  ],
  HTTP_INVALID_RESPONSE: UNREACHABLE,
  FLOW_STATE_MISMATCH: SIGN_IN_AGAIN,
  FLOW_TRANSACTION_INVALID: SIGN_IN_AGAIN,
  FLOW_TRANSACTION_EXPIRED: SIGN_IN_AGAIN,
  FLOW_TRANSACTION_REPLAYED: SIGN_IN_AGAIN,
  FLOW_AUTHORIZATION_ERROR: [
    400,
    'Sign-in was not completed',
    'The sign-in service did not complete the sign-in (it was cancelled or refused). Please sign in again.',
  ],
  FLOW_CODE_MISSING: SIGN_IN_AGAIN,
  FLOW_CODE_REJECTED: SIGN_IN_AGAIN,
  FLOW_PROTOCOL_ERROR: UNREACHABLE,
  FLOW_BROWSER_MISMATCH: [
    403,
    'Sign-in could not be completed',
    'This sign-in was started in another browser. Please sign in again here.',
  ],
  FLOW_REPLAY_GUARD_FULL: [
    503,
    'Too many sign-ins at once',
    'Too many sign-ins are in progress; try again in a moment.',
  ],
  REQUEST_CROSS_SITE: [
    403,
    'Request refused',
    'This action must be started from this site; a request from another site was refused.',
  ],
  REQUEST_METHOD_NOT_ALLOWED: [405, 'Method not allowed', 'This address does not accept that kind of request.'],
};

/**
 * Looks an error up in core's one table: its HTTP status, code and a safe title and message.
 * Anything that is not a {@link CognitoError} is a bug: 500 with a generic message (log the error yourself).
 *
 * @example
 * ```ts
 * import { describeError } from '@cognito-connect/core';
 * describeError(new CognitoHttpError('JWKS_UNAVAILABLE', '...')).status; // 503
 * ```
 */
export function describeError(error: unknown): ErrorDescription {
  return (
    (error instanceof CognitoError && describeErrorCode(error.code)) || {
      status: 500,
      code: 'INTERNAL_ERROR',
      title: 'Something went wrong',
      message: 'Something went wrong on this site; try again in a moment.',
    }
  );
}

/**
 * Core's table row for a code alone, or undefined when `code` is not one of core's codes: for an adapter that
 * relays a code it received (e.g. in a redirect's query) and must not trust anything else about it.
 *
 * @example
 * ```ts
 * import { describeErrorCode } from '@cognito-connect/core';
 * describeErrorCode('TOKEN_GROUP_REQUIRED')?.status; // 403
 * describeErrorCode('<script>'); // undefined
 * ```
 */
export function describeErrorCode(code: string): ErrorDescription | undefined {
  const row = Object.hasOwn(TABLE, code) ? TABLE[code as CognitoErrorCode] : undefined;
  return row && { status: row[0], code: code as CognitoErrorCode, title: row[1], message: row[2] };
}

/**
 * The HTTP status core's table gives an error (see {@link describeError}).
 *
 * @example
 * ```ts
 * import { errorStatus } from '@cognito-connect/core';
 * ctx.status = errorStatus(error); // 401 for TOKEN_EXPIRED, 503 for JWKS_UNAVAILABLE, 400 for FLOW_*
 * ```
 */
export function errorStatus(error: unknown): number {
  return describeError(error).status;
}

/** How {@link errorResponse} renders. */
export interface ErrorResponseOptions {
  /** `json` for API clients, `html` for browsers. Default: from the request's `Accept`, else `html`. */
  format?: 'html' | 'json';
  /** Used to pick the format from `Accept`. */
  request?: Request;
  /** Links under the page's message, e.g. "Sign in again". */
  links?: readonly PageLink[];
}

function prefersJson(request: Request | undefined): boolean {
  const accept = request?.headers.get('accept') ?? '';
  return /\bjson\b/i.test(accept) && !/text\/html/i.test(accept);
}

/**
 * Core's one error → response translation: the status from {@link describeError}, and either an escaped HTML page
 * (title, message, "Error code: …") or a JSON body `{ error: { status, code, message } }`. `TOKEN_*` 401s carry a
 * `WWW-Authenticate: Bearer` challenge, 503s a `Retry-After`.
 *
 * @example
 * ```ts
 * import { errorResponse } from '@cognito-connect/core';
 * try { return await handle(request); } catch (error) { return errorResponse(error, { request }); }
 * ```
 */
export function errorResponse(error: unknown, options: ErrorResponseOptions = {}): Response {
  const described = describeError(error);
  const json = options.format ? options.format === 'json' : prefersJson(options.request);
  const extra: Record<string, string> = {};
  if (described.status === 401) extra['www-authenticate'] = `Bearer error="invalid_token"`;
  if (described.status === 503) extra['retry-after'] = '5';
  if (json) {
    const body = JSON.stringify({
      error: { status: described.status, code: described.code, message: described.message },
    });
    return new Response(body, {
      status: described.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...PAGE_HEADERS, ...extra },
    });
  }
  const page = htmlPage(described.status, {
    title: described.title,
    message: described.message,
    detail: `Error code: ${described.code}`,
    ...(options.links ? { links: options.links } : {}),
  });
  for (const [name, value] of Object.entries(extra)) page.headers.set(name, value);
  return page;
}

/**
 * One log line for a failure, safe to write as is: `cognito-connect: CODE: message` for any deliberate refusal
 * (a {@link CognitoConnectError}: core's errors and adapters' own; control characters and ANSI escapes stripped, so
 * request input cannot forge a line), or the stack for a bug.
 *
 * @example
 * ```ts
 * import { errorLogLine } from '@cognito-connect/core';
 * strapi.log.warn(errorLogLine(error));
 * ```
 */
export function errorLogLine(error: unknown): string {
  if (error instanceof CognitoConnectError)
    return `cognito-connect: ${logSafe(error.code, 60)}: ${logSafe(error.message, 500)}`;
  const bug = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return `cognito-connect: unexpected error: ${bug}`;
}
