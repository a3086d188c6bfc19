// Every failure core reports is a value with a stable code, so adapters branch on codes, never on message text.

/** Codes of {@link CognitoConfigError}: settings that cannot work. */
export type ConfigErrorCode =
  | 'CONFIG_REQUIRED'
  | 'CONFIG_INVALID_TYPE'
  | 'CONFIG_INVALID_USER_POOL_ID'
  | 'CONFIG_INVALID_REGION'
  | 'CONFIG_REGION_MISMATCH'
  | 'CONFIG_INVALID_DOMAIN'
  | 'CONFIG_INVALID_URL'
  | 'CONFIG_INSECURE_URL'
  | 'CONFIG_INVALID_CLIENT_ID'
  | 'CONFIG_INVALID_SCOPES'
  | 'CONFIG_AUTH_METHOD'
  | 'CONFIG_WEAK_SECRET'
  | 'CONFIG_INVALID_NUMBER';

/** Codes of {@link CognitoTokenError}: a token that must not be trusted. */
export type TokenErrorCode =
  | 'TOKEN_MALFORMED'
  | 'TOKEN_TOO_LARGE'
  | 'TOKEN_ALG_NOT_ALLOWED'
  | 'TOKEN_HEADER_NOT_ALLOWED'
  | 'TOKEN_KID_UNKNOWN'
  | 'TOKEN_SIGNATURE_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_ISSUED_IN_FUTURE'
  | 'TOKEN_ISSUER_MISMATCH'
  | 'TOKEN_AUDIENCE_MISMATCH'
  | 'TOKEN_CLIENT_ID_MISMATCH'
  | 'TOKEN_USE_MISMATCH'
  | 'TOKEN_CLAIM_INVALID'
  | 'TOKEN_GROUP_REQUIRED'
  | 'TOKEN_SCOPE_REQUIRED'
  | 'TOKEN_NONCE_MISMATCH'
  | 'TOKEN_AT_HASH_MISMATCH'
  | 'TOKEN_REVOKED';

/** Codes of {@link CognitoFlowError}: the login round trip went wrong. */
export type FlowErrorCode =
  | 'FLOW_STATE_MISMATCH'
  | 'FLOW_TRANSACTION_INVALID'
  | 'FLOW_TRANSACTION_EXPIRED'
  | 'FLOW_TRANSACTION_REPLAYED'
  | 'FLOW_AUTHORIZATION_ERROR'
  | 'FLOW_CODE_MISSING'
  | 'FLOW_CODE_REJECTED'
  | 'FLOW_PROTOCOL_ERROR'
  | 'FLOW_BROWSER_MISMATCH'
  | 'FLOW_REPLAY_GUARD_FULL';

/** Codes of {@link CognitoHttpError}: Cognito could not be reached or broke the protocol. */
export type HttpErrorCode =
  'HTTP_STATUS' | 'HTTP_NETWORK' | 'HTTP_TIMEOUT' | 'HTTP_INVALID_RESPONSE' | 'JWKS_UNAVAILABLE';

/** Codes of {@link CognitoRequestError}: a request the login's HTTP edge refuses before doing anything. */
export type RequestErrorCode = 'REQUEST_CROSS_SITE' | 'REQUEST_METHOD_NOT_ALLOWED';

/**
 * Stable codes for every error core throws; each belongs to exactly one class.
 *
 * @example
 * ```ts
 * import { CognitoError, type CognitoErrorCode } from '@cognito-connect/core';
 * const retryable = (code: CognitoErrorCode) => code === 'HTTP_TIMEOUT' || code === 'JWKS_UNAVAILABLE';
 * try { await cognito.refresh(token); } catch (e) { if (e instanceof CognitoError && retryable(e.code)) retry(); }
 * ```
 */
export type CognitoErrorCode = ConfigErrorCode | TokenErrorCode | FlowErrorCode | HttpErrorCode | RequestErrorCode;

/**
 * What callers need about a failure without reading its message: the option (`field`) or claim at fault,
 * what was `expected`, and for OAuth failures the error name and HTTP status. Never a secret, token or code.
 */
export interface CognitoErrorDetail {
  /** The option to fix (config errors), e.g. `redirectUri`. */
  readonly field?: string;
  /** The claim or JOSE header at fault (token errors), e.g. `exp`, `cognito:groups`. */
  readonly claim?: string;
  /** What was expected, in words or as the expected values (e.g. the required groups). */
  readonly expected?: string | readonly string[];
  /** The message without the `field: ` prefix, so an adapter can re-prefix it with its own option name. */
  readonly problem?: string;
  /** The OAuth error name Cognito returned (`invalid_grant`, `access_denied`, ...), log-safe. */
  readonly oauthError?: string;
  /** The HTTP status Cognito answered with. */
  readonly status?: number;
  /**
   * On a failed callback whose transaction could be opened: the `returnTo` given when that login started
   * (unvalidated: pass it through `safeRedirect`), so an adapter can send the browser back with the error code.
   */
  readonly returnTo?: string;
}

/**
 * Base class of every error any cognito-connect package throws on purpose (a user's mistake or a refused input),
 * as opposed to a bug. A CLI prints these as one line and anything else with its stack.
 *
 * @example
 * ```ts
 * import { CognitoConnectError } from '@cognito-connect/core';
 * class MyAdapterError extends CognitoConnectError {}
 * try { run(); } catch (e) { console.error(e instanceof CognitoConnectError ? e.message : e); }
 * ```
 */
export class CognitoConnectError extends Error {
  /** A stable code; core's codes are {@link CognitoErrorCode}, adapters define their own. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * Base class of core's errors: `code` is stable across releases; `message` names the field and the fix,
 * never a secret, token or raw request input.
 *
 * @example
 * ```ts
 * import { CognitoError } from '@cognito-connect/core';
 * try { await verifier.verify(token); } catch (e) { if (e instanceof CognitoError) log(e.code, e.detail); }
 * ```
 */
export class CognitoError extends CognitoConnectError {
  declare readonly code: CognitoErrorCode;
  /** Structured facts about the failure; see {@link CognitoErrorDetail}. */
  readonly detail: CognitoErrorDetail;

  constructor(code: CognitoErrorCode, message: string, options?: { cause?: unknown; detail?: CognitoErrorDetail }) {
    super(code, message, options);
    this.detail = Object.freeze({ ...options?.detail });
  }
}

/**
 * Settings that cannot work: `field` (and `detail.field`) names the option to fix, `detail.problem` says what is wrong.
 *
 * @example
 * ```ts
 * import { CognitoConfigError, defineCognito } from '@cognito-connect/core';
 * try { defineCognito(options); } catch (e) {
 *   if (e instanceof CognitoConfigError) throw new Error(`cognito.${e.field}: ${e.detail.problem}`);
 * }
 * ```
 */
export class CognitoConfigError extends CognitoError {
  declare readonly code: ConfigErrorCode;
  readonly field: string;

  constructor(code: ConfigErrorCode, field: string, message: string, options?: { expected?: string }) {
    super(code, `${field}: ${message}`, {
      detail: { field, problem: message, ...(options?.expected ? { expected: options.expected } : {}) },
    });
    this.field = field;
  }
}

/**
 * A token that must not be trusted. `claim` names the claim or header at fault, when there is one.
 *
 * @example
 * ```ts
 * import { CognitoTokenError } from '@cognito-connect/core';
 * try { await verifier.verify(token); } catch (e) {
 *   if (e instanceof CognitoTokenError && e.code === 'TOKEN_EXPIRED') return refresh();
 * }
 * ```
 */
export class CognitoTokenError extends CognitoError {
  declare readonly code: TokenErrorCode;
  readonly claim: string | undefined;

  constructor(
    code: TokenErrorCode,
    message: string,
    options?: { claim?: string; expected?: string | readonly string[]; cause?: unknown },
  ) {
    super(code, message, {
      cause: options?.cause,
      detail: {
        ...(options?.claim ? { claim: options.claim } : {}),
        ...(options?.expected ? { expected: options.expected } : {}),
      },
    });
    this.claim = options?.claim;
  }
}

/**
 * The login round trip went wrong: a tampered transaction, a state mismatch, Cognito refusing the code.
 *
 * @example
 * ```ts
 * import { CognitoFlowError } from '@cognito-connect/core';
 * try { await cognito.finishLogin(request.url, tx); } catch (e) {
 *   if (e instanceof CognitoFlowError && e.oauthError === 'access_denied') return showCancelled();
 * }
 * ```
 */
export class CognitoFlowError extends CognitoError {
  declare readonly code: FlowErrorCode;
  /** The OAuth error Cognito returned (`invalid_grant`, `access_denied`, ...), when it returned one. */
  readonly oauthError: string | undefined;

  constructor(code: FlowErrorCode, message: string, options?: { oauthError?: string; cause?: unknown }) {
    super(code, message, {
      cause: options?.cause,
      detail: options?.oauthError ? { oauthError: options.oauthError } : {},
    });
    this.oauthError = options?.oauthError;
  }
}

/**
 * Cognito could not be reached, or answered with something other than what the protocol promises
 * (`JWKS_UNAVAILABLE`: the pool's signing keys were never fetched, so no token can be checked yet).
 *
 * @example
 * ```ts
 * import { CognitoHttpError } from '@cognito-connect/core';
 * try { await cognito.refresh(token); } catch (e) {
 *   if (e instanceof CognitoHttpError && e.code === 'HTTP_TIMEOUT') return retryLater();
 * }
 * ```
 */
export class CognitoHttpError extends CognitoError {
  declare readonly code: HttpErrorCode;
  readonly status: number | undefined;
  readonly oauthError: string | undefined;
  readonly url: string | undefined;

  constructor(
    code: HttpErrorCode,
    message: string,
    options?: { status?: number; oauthError?: string; url?: string; cause?: unknown },
  ) {
    super(code, message, {
      cause: options?.cause,
      detail: {
        ...(options?.status !== undefined ? { status: options.status } : {}),
        ...(options?.oauthError ? { oauthError: options.oauthError } : {}),
      },
    });
    this.status = options?.status;
    this.oauthError = options?.oauthError;
    this.url = options?.url;
  }
}

/**
 * A request the login's HTTP edge refuses before acting on it: a cross-site POST to a state-changing route,
 * or a method the route does not serve.
 *
 * @example
 * ```ts
 * import { CognitoRequestError, errorResponse } from '@cognito-connect/core';
 * const refused = new CognitoRequestError('REQUEST_CROSS_SITE', 'Cross-site requests may not log you out.');
 * return errorResponse(refused); // 403 page
 * ```
 */
export class CognitoRequestError extends CognitoError {
  declare readonly code: RequestErrorCode;

  constructor(code: RequestErrorCode, message: string) {
    super(code, message);
  }
}

/** Adds facts to a core error's `detail` on its way up (internal: the login adds the transaction's `returnTo`). */
export function addDetail(error: unknown, extra: CognitoErrorDetail): unknown {
  if (error instanceof CognitoError)
    (error as { detail: CognitoErrorDetail }).detail = Object.freeze({ ...error.detail, ...extra });
  return error;
}

/** Describes a bad value by its shape only, so an error can say what was wrong without echoing a secret. */
export function describeShape(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    if (value.trim() === '') return 'a blank string';
    return `a ${value.length}-character string`;
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value}`;
}
