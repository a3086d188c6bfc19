// The hosted UI's session cookie on the domain: it is what makes a second authorize skip the form (SSO).
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Clock } from './clock.js';
import { ExpiringMap } from './expiring-map.js';
import { randomToken } from './random.js';
import type { User, UserPool } from './user-pool.js';

/** Cognito's hosted-UI session cookie name and lifetime (one hour). */
const COOKIE = 'cognito';
const SESSION_TTL_SECONDS = 3600;

interface HostedSession {
  readonly username: string;
  readonly authTime: number;
}

export class SessionStore {
  private readonly sessions: ExpiringMap<HostedSession>;

  constructor(clock: Clock) {
    this.sessions = new ExpiringMap(clock);
  }

  start(c: Context, username: string, authTime: number): void {
    const previous = getCookie(c, COOKIE);
    if (previous) this.sessions.delete(previous);
    const id = randomToken();
    this.sessions.set(id, { username, authTime }, SESSION_TTL_SECONDS);
    setCookie(c, COOKIE, id, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: SESSION_TTL_SECONDS });
  }

  /** The signed-in, still enabled user of this browser, if any. */
  current(c: Context, pool: UserPool): { user: User; authTime: number } | undefined {
    const id = getCookie(c, COOKIE);
    const session = id ? this.sessions.get(id) : undefined;
    const user = session ? pool.user(session.username) : undefined;
    return session && user?.enabled ? { user, authTime: session.authTime } : undefined;
  }

  end(c: Context): void {
    const id = getCookie(c, COOKIE);
    if (id) this.sessions.delete(id);
    deleteCookie(c, COOKIE, { path: '/' });
  }
}
