// The gateway's visitor session: the visitor's allow-listed claims (and Cognito's refresh token) sealed (JWE, via core) into one HttpOnly cookie, so any instance can check it without a store.
import { type EdgeCookie, clearCookie, edgeCookie, readCookie, seal, setCookie, unseal } from '@cognito-connect/core';

const PURPOSE = 'visitor-session';
const COOKIE = 'cc-visitor';
/** Opened cookies remembered by their exact sealed text: a repeat visit skips the decryption (expiry is still checked). */
const CACHE_SIZE = 10_000;

/** A signed-in visitor as the gateway's sealed cookie carries it: the kept claims and when the session ends. */
export interface VisitorSession {
  claims: Record<string, unknown>;
  /** Seconds since the epoch: when the claims' tokens expire (and the session must be refreshed or end). */
  expiresAt: number;
  /** Cognito's refresh token: the session may be renewed with it until `endsAt`. */
  refreshToken?: string;
  /** Seconds since the epoch: the session's hard end (its maximum age). Only with a refresh token. */
  endsAt?: number;
}

interface Sealed {
  /** The site and app client the session was opened for (see `sessionStore`'s `audience`). */
  a: string;
  /** Claims. */
  c: Record<string, unknown>;
  /** The tokens' expiry, when the seal outlives them (a refreshable session). */
  t?: number;
  /** The refresh token. */
  r?: string;
}

/** Seals gateway sessions into a cookie and opens them again (see {@link sessionStore}). */
export interface SessionStore {
  readonly cookie: EdgeCookie;
  /** A Set-Cookie header value holding the sealed session, living exactly as long as the session. */
  create(session: VisitorSession): Promise<string>;
  /**
   * Without waiting: the session of an already-opened cookie still valid now, `null` when the header holds no
   * session cookie or a remembered one has expired, `undefined` when the cookie must be opened with `read`.
   */
  cached(cookieHeader: string | null | undefined): VisitorSession | null | undefined;
  /** The session in a request's Cookie header, or null when there is none or it is forged, tampered, expired or sealed with another secret. */
  read(cookieHeader: string | null | undefined): Promise<VisitorSession | null>;
  /** A Set-Cookie header value deleting the session. */
  clear(): string;
  /**
   * For a request `read` found no session in: the Set-Cookie header deleting the session cookie it still sent
   * (forged, expired, sealed with an old secret), so the browser stops sending it; `undefined` when it sent none.
   */
  stale(cookieHeader: string | null | undefined): string | undefined;
}

/**
 * Seals and opens gateway sessions with `secret`; `secure` (an https site) decides the cookie's prefix and Secure flag.
 * `audience` names the site and app client (e.g. `<clientId> <site origin>`): a session sealed for another audience,
 * by a gateway of another site or pool that shares the secret, is refused.
 *
 * @example
 * ```ts
 * const store = sessionStore(cookieSecret, true, `${clientId} https://docs.example.com`);
 * res.setHeader('set-cookie', await store.create({ claims, expiresAt }));
 * const visitor = await store.read(req.headers.cookie);
 * ```
 */
export function sessionStore(secret: string, secure: boolean, audience: string): SessionStore {
  const cookie = edgeCookie(COOKIE, { path: '/', secure });
  const opened = new Map<string, VisitorSession>();

  const remember = (sealed: string, session: VisitorSession) => {
    if (opened.size >= CACHE_SIZE) opened.delete(opened.keys().next().value as string);
    opened.set(sealed, session);
  };

  const cached = (cookieHeader: string | null | undefined): VisitorSession | null | undefined => {
    const sealed = readCookie(cookieHeader, cookie);
    if (!sealed) return null;
    const known = opened.get(sealed);
    if (!known) return undefined;
    if ((known.endsAt ?? known.expiresAt) > Date.now() / 1000) return known;
    opened.delete(sealed);
    return null;
  };

  return {
    cookie,
    async create(session) {
      const refreshable = session.refreshToken !== undefined && session.endsAt !== undefined;
      const ttl = Math.max(
        1,
        (refreshable ? (session.endsAt as number) : session.expiresAt) - Math.floor(Date.now() / 1000),
      );
      const payload: Sealed = refreshable
        ? { a: audience, c: session.claims, t: session.expiresAt, r: session.refreshToken }
        : { a: audience, c: session.claims };
      const sealed = await seal({ ...payload }, secret, { purpose: PURPOSE, ttlSeconds: ttl });
      return setCookie(cookie, sealed, ttl);
    },
    cached,
    async read(cookieHeader) {
      const known = cached(cookieHeader);
      if (known !== undefined) return known;
      const sealed = readCookie(cookieHeader, cookie) as string;
      try {
        const payload = await unseal<Sealed & Record<string, unknown>>(sealed, secret, PURPOSE);
        // Sealed by a gateway of another site or pool that shares the secret: not a session here.
        if (payload.a !== audience || typeof payload.c !== 'object' || payload.c === null) return null;
        const session: VisitorSession =
          typeof payload.r === 'string' && typeof payload.t === 'number'
            ? { claims: payload.c, expiresAt: payload.t, refreshToken: payload.r, endsAt: payload.exp }
            : { claims: payload.c, expiresAt: payload.exp };
        remember(sealed, session);
        return session;
      } catch {
        return null;
      }
    },
    clear: () => clearCookie(cookie),
    stale: (cookieHeader) => (readCookie(cookieHeader, cookie) === undefined ? undefined : clearCookie(cookie)),
  };
}
