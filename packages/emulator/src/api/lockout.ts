// Cognito's temporary lockout after repeated failed sign-ins (wrong passwords and wrong MFA codes), shared by the
// user-pool API and the hosted UI.
import type { Clock } from '../clock.js';

/** What Cognito answers (`NotAuthorizedException`) to a sign-in during a lockout, even with the right password. */
export const LOCKED_OUT = 'Password attempts exceeded';

/** Failures before the first lockout. */
const FREE_FAILURES = 5;
/** The longest lockout ("up to a maximum of approximately 15 minutes"). */
const MAX_LOCK_SECONDS = 900;
/** Quiet time after which the count starts again ("15 consecutive minutes" without an attempt). */
const RESET_AFTER_MS = 900_000;
/** Usernames tracked at most (unknown ones are tracked too); past it, quiet records and then the oldest go. */
const MAX_TRACKED = 100_000;

interface Failures {
  count: number;
  lockedUntil: number;
  lastAttempt: number;
}

/**
 * Cognito's documented lockout ("Lockout behavior for failed sign-in attempts", authentication.html): "After five
 * failed ... sign-in attempts with a password, Amazon Cognito locks out your user for one second. The lockout duration
 * then doubles after each additional one failed attempt, up to a maximum of approximately 15 minutes. Attempts made
 * during a lockout period generate a Password attempts exceeded exception, and don't affect the duration of
 * subsequent lockout periods." The count resets after a successful sign-in, or after 15 minutes without attempts.
 * Wrong MFA codes count too (user-pool-settings-mfa: "After five unsuccessful attempts to present an MFA code, Amazon
 * Cognito begins the exponential-timeout lockout process"), so a proven password does not reset the count: only a
 * finished sign-in does.
 */
export class SignInLockout {
  private readonly users = new Map<string, Failures>();

  constructor(private readonly clock: Clock) {}

  /**
   * One factor (a password, an MFA code) of `username`'s sign-in: `locked` (refused without calling `correct`, and
   * not counted), `wrong` (counted) or `ok` (the sign-in goes on; {@link succeeded} once it is finished).
   */
  attempt(username: string, correct: () => boolean): 'ok' | 'wrong' | 'locked' {
    if (this.isLockedOut(username)) return 'locked';
    if (!correct()) {
      this.failed(username);
      return 'wrong';
    }
    return 'ok';
  }

  /** True while `username` is locked out; such an attempt is refused without being counted. */
  isLockedOut(username: string): boolean {
    const now = this.clock.now();
    const record = this.current(username, now);
    if (!record || now >= record.lockedUntil) return false;
    record.lastAttempt = now;
    return true;
  }

  /** A wrong password, SRP proof or MFA code for `username`: from the fifth on, a lockout of 2^(n-5) seconds. */
  failed(username: string): void {
    const now = this.clock.now();
    const record = this.current(username, now) ?? { count: 0, lockedUntil: 0, lastAttempt: now };
    record.count += 1;
    record.lastAttempt = now;
    if (record.count >= FREE_FAILURES)
      record.lockedUntil = now + Math.min(2 ** (record.count - FREE_FAILURES), MAX_LOCK_SECONDS) * 1000;
    this.users.delete(username.toLowerCase());
    this.users.set(username.toLowerCase(), record);
    if (this.users.size > MAX_TRACKED) this.sweep(now);
  }

  /** A finished sign-in (tokens or the app's code issued): the count starts again. */
  succeeded(username: string): void {
    this.users.delete(username.toLowerCase());
  }

  /** Drops quiet records, then the least recently failed ones, so a flood of made-up usernames stays bounded. */
  private sweep(now: number): void {
    for (const [name, record] of this.users) if (now - record.lastAttempt >= RESET_AFTER_MS) this.users.delete(name);
    for (const name of this.users.keys()) {
      if (this.users.size <= MAX_TRACKED) break;
      this.users.delete(name);
    }
  }

  private current(username: string, now: number): Failures | undefined {
    const record = this.users.get(username.toLowerCase());
    if (record && now - record.lastAttempt >= RESET_AFTER_MS) {
      this.users.delete(username.toLowerCase());
      return undefined;
    }
    return record;
  }
}
