// Cognito's rules for a session kept alive by its refresh token: when to refresh, how long it may last, and which failures end it.
import { CognitoFlowError, CognitoTokenError } from './errors.js';

/** Refresh this many seconds before the ID/access tokens expire, so a page load never meets an expired session. */
export const REFRESH_LEAD_SECONDS = 60;

/**
 * Bounds of Cognito's `RefreshTokenValidity` in seconds (60 minutes to 3650 days; 30 days by default). A session
 * that refreshes can never outlive its refresh token: Cognito refuses the refresh grant once it has expired.
 */
export const REFRESH_TOKEN_VALIDITY = Object.freeze({ min: 3600, max: 3650 * 86_400, default: 30 * 86_400 });

/**
 * Whether tokens expiring at `expiresAt` (seconds since the epoch) should be refreshed now.
 *
 * @example
 * ```ts
 * import { refreshDue } from '@cognito-connect/core';
 * if (session.refreshToken && refreshDue(session.expiresAt)) session = await renew(session);
 * ```
 */
export function refreshDue(expiresAt: number, nowSeconds = Date.now() / 1000): boolean {
  return expiresAt - nowSeconds <= REFRESH_LEAD_SECONDS;
}

/**
 * Whether a failed `cognito.refresh()` ends the session for good rather than being worth a retry: Cognito answered
 * `invalid_grant` (the refresh token expired or was revoked by `/oauth2/revoke`, `GlobalSignOut`,
 * `AdminUserGlobalSignOut`, or the user was disabled or deleted), or the new tokens failed verification.
 * A timeout, a network failure or a 5xx is not final: the caller may keep the session until its tokens expire.
 *
 * @example
 * ```ts
 * import { refreshEndsSession } from '@cognito-connect/core';
 * try {
 *   tokens = (await cognito.refresh(refreshToken)).tokens;
 * } catch (error) {
 *   if (refreshEndsSession(error)) return signOut();
 *   throw error;
 * }
 * ```
 */
export function refreshEndsSession(error: unknown): boolean {
  if (error instanceof CognitoTokenError) return true;
  return error instanceof CognitoFlowError && error.code === 'FLOW_CODE_REJECTED';
}
