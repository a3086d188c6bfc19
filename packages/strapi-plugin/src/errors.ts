// The plugin's own refusals, and any error as Strapi's error body: core's table answers for core's codes, STATUS for the plugin's.
import { CognitoConnectError, describeError, describeErrorCode, errorLogLine } from '@cognito-connect/core';
import type { KoaContext, Logger } from './strapi.js';

/** The plugin's own codes (documented in the README) and the HTTP status each answers with; core's codes are core's. */
const STATUS = {
  EMAIL_MISSING: 400,
  EMAIL_NOT_VERIFIED: 403,
  EMAIL_TAKEN: 409,
  ALREADY_LINKED: 409,
  LINK_REFUSED: 409,
  REGISTRATION_CLOSED: 403,
  USER_BLOCKED: 403,
  USER_UNKNOWN: 401,
  USERNAME_UNAVAILABLE: 409,
  ROLE_MISSING: 500,
  PROVIDER_DISABLED: 400,
  PROVIDER_NOT_CONFIGURED: 500,
  CODE_INVALID: 400,
  LOGIN_CHALLENGE_INVALID: 400,
  CODE_VERIFIER_IN_URL: 400,
  REDIRECT_NOT_ALLOWED: 400,
  // Admin panel sign-in
  LAST_SUPER_ADMIN: 409,
} as const satisfies Record<string, number>;

/** Codes the plugin itself adds to core's (documented in the README). */
export type PluginErrorCode = keyof typeof STATUS;

/**
 * A refusal the plugin decided on: `code` is stable across releases and decides `status`. Like core's errors it is a
 * `CognitoConnectError`, so a caller tells a refusal from a bug; the group rule, cross-site and browser-binding refusals
 * are core's own errors (`TOKEN_GROUP_REQUIRED`, `REQUEST_CROSS_SITE`, `FLOW_BROWSER_MISMATCH`).
 *
 * @example
 * ```ts
 * import { PluginError } from '@cognito-connect/strapi-plugin';
 * const refusal = new PluginError('ROLE_MISSING', 'groupRoles.admins names the role type "editor", which does not exist.');
 * refusal.status; // 500
 * ```
 */
export class PluginError extends CognitoConnectError {
  declare readonly code: PluginErrorCode;
  /** The HTTP status this code answers with. */
  readonly status: number;

  constructor(code: PluginErrorCode, message: string) {
    super(code, message);
    this.status = STATUS[code];
  }
}

/** What the client sees of a failure: never a secret, token or raw request input. */
export interface Refusal {
  status: number;
  /** Strapi's error name for the status (`ForbiddenError`, ...). */
  name: string;
  code: string;
  /** A heading for a page that shows the refusal. */
  title: string;
  message: string;
}

const NAMES: Record<number, string> = {
  400: 'ValidationError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  409: 'ApplicationError',
  502: 'ApplicationError',
};

const PLUGIN_TITLE = 'Sign-in with Cognito failed';

const refusal = (status: number, code: string, message: string, title = PLUGIN_TITLE): Refusal => ({
  status,
  name: NAMES[status] ?? 'ApplicationError',
  code,
  title,
  message,
});

/** Maps any error to a refusal: the plugin's own with its message, core's through core's one table, anything else 500. */
export function toRefusal(error: unknown): Refusal {
  if (error instanceof PluginError) return refusal(error.status, error.code, error.message);
  const described = describeError(error);
  return refusal(described.status, described.code, described.message, described.title);
}

/** The refusal for a code that came back in a URL (untrusted): only a known code is described, never anything else. */
export function refusalForCode(code: unknown): Refusal | undefined {
  if (typeof code !== 'string') return undefined;
  if (Object.hasOwn(STATUS, code))
    return refusal(
      STATUS[code as PluginErrorCode],
      code,
      `Sign-in with Cognito was refused (${code}); sign in again, or ask the site's owner.`,
    );
  const described = describeErrorCode(code);
  return described && refusal(described.status, described.code, described.message, described.title);
}

/** Logs a refusal once: one log-safe line with its code (a warning, or an error at 500+), a bug with its stack. */
export function logRefusal(log: Logger, error: unknown): Refusal {
  const refused = toRefusal(error);
  if (refused.status >= 500) log.error(errorLogLine(error));
  else log.warn(errorLogLine(error));
  return refused;
}

/** Answers with Strapi's error body (`{ data: null, error: { status, name, message, details: { code } } }`). */
export function respondWithRefusal(ctx: KoaContext, refused: Refusal): void {
  ctx.status = refused.status;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = {
    data: null,
    error: { status: refused.status, name: refused.name, message: refused.message, details: { code: refused.code } },
  };
}

/** Logs `error` and answers it with Strapi's error body. */
export function respondWithError(ctx: KoaContext, error: unknown, log: Logger): void {
  respondWithRefusal(ctx, logRefusal(log, error));
}
