// Every failure core reports is a value with a stable code, so adapters branch on codes, never on message text.

/** Stable codes for every error core throws; documented in the package README. */
export type CognitoErrorCode =
  // settings
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
  | 'CONFIG_INVALID_NUMBER'
  // tokens
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
  | 'JWKS_UNAVAILABLE'
  // login flow
  | 'FLOW_STATE_MISMATCH'
  | 'FLOW_TRANSACTION_INVALID'
  | 'FLOW_TRANSACTION_EXPIRED'
  | 'FLOW_TRANSACTION_REPLAYED'
  | 'FLOW_AUTHORIZATION_ERROR'
  | 'FLOW_CODE_MISSING'
  | 'FLOW_CODE_REJECTED'
  | 'FLOW_PROTOCOL_ERROR'
  // HTTP to Cognito
  | 'HTTP_STATUS'
  | 'HTTP_NETWORK'
  | 'HTTP_TIMEOUT'
  | 'HTTP_INVALID_RESPONSE';

/** Base class: `code` is stable across releases; `message` names the field and the fix, never a secret or token. */
export class CognitoError extends Error {
  readonly code: CognitoErrorCode;

  constructor(code: CognitoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Settings that cannot work: `field` names the option to fix. */
export class CognitoConfigError extends CognitoError {
  readonly field: string;

  constructor(code: CognitoErrorCode, field: string, message: string) {
    super(code, `${field}: ${message}`);
    this.field = field;
  }
}

/** A token that must not be trusted. `claim` names the claim or header at fault, when there is one. */
export class CognitoTokenError extends CognitoError {
  readonly claim: string | undefined;

  constructor(code: CognitoErrorCode, message: string, options?: { claim?: string; cause?: unknown }) {
    super(code, message, options);
    this.claim = options?.claim;
  }
}

/** The login round trip went wrong: a tampered transaction, a state mismatch, Cognito refusing the code. */
export class CognitoFlowError extends CognitoError {
  /** The OAuth error Cognito returned (`invalid_grant`, `access_denied`, ...), when it returned one. */
  readonly oauthError: string | undefined;

  constructor(code: CognitoErrorCode, message: string, options?: { oauthError?: string; cause?: unknown }) {
    super(code, message, options);
    this.oauthError = options?.oauthError;
  }
}

/** Cognito could not be reached, or answered with something other than what the protocol promises. */
export class CognitoHttpError extends CognitoError {
  readonly status: number | undefined;
  readonly oauthError: string | undefined;
  readonly url: string | undefined;

  constructor(
    code: CognitoErrorCode,
    message: string,
    options?: { status?: number; oauthError?: string; url?: string; cause?: unknown },
  ) {
    super(code, message, options);
    this.status = options?.status;
    this.oauthError = options?.oauthError;
    this.url = options?.url;
  }
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
