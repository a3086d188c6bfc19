// The gateway's visitor session: the visitor's allow-listed claims sealed (JWE, via core) into one HttpOnly cookie, so any instance can check it without a store.
import { seal, unseal } from '@cognito-connect/core';
import { type CookieSpec, clearCookieHeader, cookieSpec, readCookie, setCookieHeader } from '../cookies.js';

const PURPOSE = 'visitor-session';
const COOKIE = 'cc-visitor';
/** Opened cookies remembered by their exact sealed text: a repeat visit skips the decryption (expiry is still checked). */
const CACHE_SIZE = 1_000;

export interface VisitorSession {
  claims: Record<string, unknown>;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export interface SessionStore {
  readonly cookie: CookieSpec;
  /** A Set-Cookie header value holding the sealed session, living exactly as long as the session. */
  create(session: VisitorSession): Promise<string>;
  /** The session in a request's Cookie header, or null when there is none or it is forged, tampered, expired or sealed with another secret. */
  read(cookieHeader: string | null | undefined): Promise<VisitorSession | null>;
  /** A Set-Cookie header value deleting the session. */
  clear(): string;
}

export function sessionStore(secret: string, secure: boolean): SessionStore {
  const cookie = cookieSpec(COOKIE, '/', secure);
  const opened = new Map<string, VisitorSession>();

  const remember = (sealed: string, session: VisitorSession) => {
    if (opened.size >= CACHE_SIZE) opened.delete(opened.keys().next().value as string);
    opened.set(sealed, session);
  };

  return {
    cookie,
    async create(session) {
      const ttl = Math.max(1, session.expiresAt - Math.floor(Date.now() / 1000));
      const sealed = await seal({ c: session.claims }, secret, { purpose: PURPOSE, ttlSeconds: ttl });
      return setCookieHeader(cookie, sealed, ttl);
    },
    async read(cookieHeader) {
      const sealed = readCookie(cookieHeader, cookie);
      if (!sealed) return null;
      const now = Date.now() / 1000;
      const known = opened.get(sealed);
      if (known) {
        if (known.expiresAt > now) return known;
        opened.delete(sealed);
        return null;
      }
      try {
        const payload = await unseal<{ c: Record<string, unknown> }>(sealed, secret, PURPOSE);
        if (typeof payload.c !== 'object' || payload.c === null) return null;
        const session = { claims: payload.c, expiresAt: payload.exp };
        remember(sealed, session);
        return session;
      } catch {
        return null;
      }
    },
    clear: () => clearCookieHeader(cookie),
  };
}
