// Keeps a gateway session alive: renews its Cognito tokens with the sealed refresh token shortly before they expire.
import { errorLogLine } from '@cognito-connect/core';
import type { VisitorAuth } from '../handler.js';
import type { SessionStore, VisitorSession } from './session.js';

/**
 * A renewed session and the Set-Cookie value carrying it (empty when Cognito could not be asked and the old session
 * is kept); `null` when the session is over; `'unavailable'` when Cognito could not be asked and the tokens expired.
 */
export type Renewal = { session: VisitorSession; cookie: string } | null | 'unavailable';

/**
 * The one answer to a request whose session could not be renewed because Cognito could not be asked
 * (`'unavailable'`): the forward-auth check (and nginx's `/_auth/unavailable`) and the gateway's own pages alike.
 */
export const RENEWAL_UNAVAILABLE = {
  status: 503,
  text: 'Sign-in is unavailable; try again in a moment.',
  headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' },
} as const;

/** How long a finished renewal is reused for the same refresh token (a page's parallel requests, a double click). */
const REUSE_MS = 10_000;

/**
 * Renews sessions through `auth.refresh` (core's refresh grant), at most once at a time per refresh token.
 * Resolves `null` when Cognito refused (revoked, expired, user disabled, left the groups) or the session reached
 * its maximum age; `'unavailable'` when Cognito could not be asked and the tokens have already expired.
 *
 * @example
 * ```ts
 * const renewals = sessionRenewals(auth, store);
 * ```
 */
export function sessionRenewals(
  auth: VisitorAuth,
  store: SessionStore,
  log: (line: string) => void = (line) => console.error(line),
) {
  const recent = new Map<string, Promise<Renewal>>();

  const run = async (visitor: VisitorSession, refreshToken: string): Promise<Renewal> => {
    const now = Date.now() / 1000;
    const endsAt = visitor.endsAt ?? visitor.expiresAt;
    if (endsAt <= now) return null;
    let fresh: Awaited<ReturnType<VisitorAuth['refresh']>>;
    try {
      fresh = await auth.refresh(refreshToken);
    } catch (error) {
      log(errorLogLine(error));
      return visitor.expiresAt > now ? { session: visitor, cookie: '' } : 'unavailable';
    }
    if (!fresh) return null;
    const session: VisitorSession = {
      claims: fresh.claims,
      expiresAt: Math.min(fresh.expiresAt, endsAt),
      refreshToken: fresh.refreshToken,
      endsAt,
    };
    return { session, cookie: await store.create(session) };
  };

  return {
    renew(visitor: VisitorSession): Promise<Renewal> {
      const refreshToken = visitor.refreshToken as string;
      // One session state: the same refresh token is renewed again once the renewed tokens near their expiry.
      const key = `${visitor.expiresAt}:${refreshToken}`;
      const known = recent.get(key);
      if (known) return known;
      const renewal = run(visitor, refreshToken);
      recent.set(key, renewal);
      setTimeout(() => recent.delete(key), REUSE_MS).unref();
      // A failure to reach Cognito is not reused: the next request asks again.
      void renewal.then((outcome) => {
        if (outcome === 'unavailable' || outcome?.cookie === '') recent.delete(key);
      });
      return renewal;
    },
  };
}
