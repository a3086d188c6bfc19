// Opt-in check that a verified access token was not revoked: Cognito has no introspection, so userInfo answers instead.
import * as oidc from 'openid-client';
import type { AccessTokenClaims } from './claims.js';
import { CognitoHttpError, CognitoTokenError } from './errors.js';
import { protocolError } from './protocol.js';

/** Remembers tokens userInfo accepted for `cacheSeconds`; a revoked token is refused at most that late. */
export function revocationCheck(
  config: oidc.Configuration,
  options: { cacheSeconds?: number; maxEntries?: number },
): (token: string, claims: AccessTokenClaims) => Promise<void> {
  const cacheMs = Math.max(0, options.cacheSeconds ?? 30) * 1000;
  const maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  const accepted = new Map<string, number>();
  return async (token, claims) => {
    const now = Date.now();
    const until = accepted.get(token);
    if (until !== undefined && until > now) return;
    accepted.delete(token);
    try {
      await oidc.fetchUserInfo(config, token, oidc.skipSubjectCheck);
    } catch (cause) {
      const error = await protocolError(cause, 'the revocation check (userInfo)');
      if (error instanceof CognitoHttpError && (error.status === 401 || error.status === 400)) {
        throw new CognitoTokenError(
          'TOKEN_REVOKED',
          'The access token was revoked or its user signed out everywhere (Cognito userInfo refused it).',
          { cause: error },
        );
      }
      throw error;
    }
    if (cacheMs === 0) return;
    if (accepted.size >= maxEntries) {
      for (const [key, expires] of accepted) if (expires <= now) accepted.delete(key);
      if (accepted.size >= maxEntries) accepted.delete(accepted.keys().next().value as string);
    }
    // Never remember a token past its own expiry.
    accepted.set(token, Math.min(now + cacheMs, claims.exp * 1000));
  };
}
