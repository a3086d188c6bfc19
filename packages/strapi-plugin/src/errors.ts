// Turns every refusal into Strapi's error body with a stable code, and never lets a token or secret reach it.
import {
  CognitoConfigError,
  CognitoError,
  CognitoFlowError,
  CognitoHttpError,
  CognitoTokenError,
} from '@cognito-connect/core';
import type { KoaContext, Logger } from './strapi.js';

/** Codes the plugin itself adds to core's (documented in the README). */
export type PluginErrorCode =
  | 'GROUP_REQUIRED'
  | 'EMAIL_MISSING'
  | 'EMAIL_NOT_VERIFIED'
  | 'EMAIL_TAKEN'
  | 'ALREADY_LINKED'
  | 'LINK_REFUSED'
  | 'REGISTRATION_CLOSED'
  | 'USER_BLOCKED'
  | 'USER_UNKNOWN'
  | 'USERNAME_UNAVAILABLE'
  | 'ROLE_MISSING'
  | 'PROVIDER_DISABLED'
  | 'PROVIDER_NOT_CONFIGURED'
  | 'TRANSACTION_MISSING'
  | 'CODE_INVALID'
  | 'CODE_NOT_BOUND'
  | 'LOGIN_CHALLENGE_INVALID'
  | 'REDIRECT_NOT_ALLOWED'
  | 'ORIGIN_NOT_ALLOWED'
  // Admin panel sign-in
  | 'LAST_SUPER_ADMIN';

/**
 * A refusal the plugin decided on: `status` is the HTTP status, `code` is stable across releases.
 *
 * @example
 * ```ts
 * if (error instanceof PluginError && error.code === 'GROUP_REQUIRED') ctx.status = error.status;
 * ```
 */
export class PluginError extends Error {
  readonly code: PluginErrorCode;
  readonly status: number;

  constructor(code: PluginErrorCode, status: number, message: string) {
    super(message);
    this.name = 'CognitoConnectError';
    this.code = code;
    this.status = status;
  }
}

interface Refusal {
  status: number;
  name: string;
  code: string;
  message: string;
}

const NAMES: Record<number, string> = {
  400: 'ValidationError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  409: 'ApplicationError',
  502: 'ApplicationError',
};

/** Maps any error to a refusal. Core's messages name the claim or field and never carry a token, so they are shown as they are. */
export function toRefusal(error: unknown): Refusal {
  const refusal = (status: number, code: string, message: string): Refusal => ({
    status,
    name: NAMES[status] ?? 'ApplicationError',
    code,
    message,
  });
  if (error instanceof PluginError) return refusal(error.status, error.code, error.message);
  if (error instanceof CognitoTokenError) return refusal(401, error.code, error.message);
  if (error instanceof CognitoFlowError)
    return refusal(error.code === 'FLOW_AUTHORIZATION_ERROR' ? 401 : 400, error.code, error.message);
  if (error instanceof CognitoConfigError)
    return refusal(500, error.code, `Cognito is misconfigured: ${error.message}`);
  if (error instanceof CognitoHttpError) return refusal(502, error.code, error.message);
  if (error instanceof CognitoError) return refusal(400, error.code, error.message);
  return refusal(500, 'INTERNAL', 'Internal Server Error');
}

/** Answers with Strapi's error body (`{ data: null, error: { status, name, message, details: { code } } }`). */
export function respondWithError(ctx: KoaContext, error: unknown, log: Logger): void {
  const refusal = toRefusal(error);
  if (refusal.status >= 500)
    log.error(
      `[cognito-connect] ${refusal.code}: ${refusal.code === 'INTERNAL' ? String((error as Error)?.stack ?? error) : refusal.message}`,
    );
  else log.warn(`[cognito-connect] refused (${refusal.code}): ${refusal.message}`);
  ctx.status = refusal.status;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = {
    data: null,
    error: { status: refusal.status, name: refusal.name, message: refusal.message, details: { code: refusal.code } },
  };
}
