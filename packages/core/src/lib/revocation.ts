// Opt-in check that a verified access token was not revoked: Cognito has no introspection, so userInfo (or GetUser) answers.
import * as oidc from 'openid-client';
import { type AccessTokenClaims, scopesOf } from './claims.js';
import { CognitoHttpError, CognitoTokenError } from './errors.js';
import { protocolError } from './protocol.js';
import { getUserAttributes } from './user-pool-api.js';

/** Where a token without `openid` (the user-pool API's, e.g. Amplify's) is shown instead: `GetUser`. */
export interface UserPoolApi {
  url: string;
  fetch: typeof fetch | undefined;
  timeoutMs: number;
}

/**
 * Remembers tokens Cognito accepted for `cacheSeconds`; a revoked token is refused at most that late. userInfo refuses
 * every token without `openid`, so those (from the user-pool API) are shown to `GetUser`, which refuses revoked ones.
 */
export function revocationCheck(
  config: oidc.Configuration,
  options: { cacheSeconds?: number; maxEntries?: number },
  api: UserPoolApi,
): (token: string, claims: AccessTokenClaims) => Promise<void> {
  const cacheMs = Math.max(0, options.cacheSeconds ?? 30) * 1000;
  const maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  const accepted = new Map<string, number>();
  return async (token, claims) => {
    const now = Date.now();
    const until = accepted.get(token);
    if (until !== undefined && until > now) return;
    accepted.delete(token);
    const viaApi = !scopesOf(claims).includes('openid');
    try {
      if (viaApi) await getUserAttributes(api.url, token, api);
      else await oidc.fetchUserInfo(config, token, oidc.skipSubjectCheck);
    } catch (cause) {
      const error = viaApi ? cause : await protocolError(cause, 'the revocation check (userInfo)');
      if (error instanceof CognitoHttpError && (error.status === 401 || error.status === 400)) {
        throw new CognitoTokenError(
          'TOKEN_REVOKED',
          `The access token was revoked or its user signed out everywhere (Cognito ${viaApi ? 'GetUser' : 'userInfo'} refused it).`,
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
