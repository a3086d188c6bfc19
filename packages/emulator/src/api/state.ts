// What the user-pool API keeps between calls: confirmation codes, challenge sessions, pending TOTP secrets, lockouts.
import { randomInt } from 'node:crypto';
import type { Clock } from '../clock.js';
import { ExpiringMap } from '../expiring-map.js';
import { randomToken } from '../random.js';
import { ApiError } from './errors.js';
import { SignInLockout } from './lockout.js';
import type { SrpServerStart } from './srp.js';

/** What a code is for: a confirmation (sign-up, password reset, attribute) or an SMS / e-mail MFA sign-in. */
export type CodePurpose = 'SignUp' | 'ForgotPassword' | 'VerifyAttribute' | 'SMS_MFA' | 'EMAIL_OTP';

const PURPOSES: readonly CodePurpose[] = ['SignUp', 'ForgotPassword', 'VerifyAttribute', 'SMS_MFA', 'EMAIL_OTP'];

/** A code as the admin API shows it, so tests and developers can complete a flow without e-mail. */
export interface IssuedCode {
  readonly purpose: CodePurpose;
  readonly code: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/**
 * Cognito's lifetimes: sign-up codes 24 hours, password-reset codes one hour; an SMS or e-mail MFA code "is valid for
 * the Authentication flow session duration that you set for your app client" (user-pool-settings-mfa-sms-email-message),
 * whose default (`AuthSessionValidity`) is three minutes.
 */
const CODE_TTL: Record<CodePurpose, number> = {
  SignUp: 86_400,
  ForgotPassword: 3600,
  VerifyAttribute: 86_400,
  SMS_MFA: 180,
  EMAIL_OTP: 180,
};

/**
 * Cognito: "In a given hour, we allow between 5 and 20 attempts for a user to request or enter a password reset code
 * as part of forgot-password and confirm-forgot-password actions" (developer guide, how-to-recover-a-user-account).
 * The emulator allows the 5, so an app that copes here copes with any pool, and gives sign-up and attribute codes the
 * same allowance for wrong codes (AWS publishes no figure for those).
 */
export const CODE_ATTEMPTS_PER_HOUR = 5;
const HOUR_MS = 3_600_000;

/** A sign-in waiting for a challenge answer, keyed by the `Session` string the client echoes back. */
export interface ChallengeSession {
  readonly challenge:
    | 'PASSWORD_VERIFIER'
    | 'NEW_PASSWORD_REQUIRED'
    | 'SOFTWARE_TOKEN_MFA'
    | 'SMS_MFA'
    | 'EMAIL_OTP'
    | 'SELECT_MFA_TYPE'
    | 'MFA_SETUP';
  readonly username: string;
  readonly clientId: string;
  /** SRP: the server's secret exponent and values, needed to check the password claim. */
  readonly srp?: SrpServerStart & { readonly secretBlock: string };
  /** Wrong MFA codes answered so far: an MFA code session survives up to `MFA_ATTEMPTS` of them. */
  failures?: number;
  /** MFA_SETUP: the secret AssociateSoftwareToken handed out with this session, not yet verified. */
  readonly totpSecret?: string;
  /** MFA_SETUP: VerifySoftwareToken accepted a code, so RespondToAuthChallenge may finish the sign-in. */
  readonly verified?: boolean;
}

/** Cognito's sessions for a challenge answer last three minutes. */
const SESSION_TTL_SECONDS = 180;

export class ApiState {
  private readonly codes = new Map<string, IssuedCode>();
  private readonly sessions: ExpiringMap<ChallengeSession>;
  /** Secrets handed out by AssociateSoftwareToken and not yet verified, by username (lowercase). */
  readonly pendingTotp = new Map<string, string>();
  /** When each user asked for (password reset only) or mistyped a code, by purpose and username (lowercase). */
  private readonly attempts = new Map<string, number[]>();
  /** Failed password sign-ins per user, and the lockouts they lead to (API and hosted UI alike). */
  readonly lockout: SignInLockout;
  /** When the pool came up: the creation date of seeded users and of the pool itself. */
  readonly startedAt: number;

  constructor(
    private readonly clock: Clock,
    private readonly log: (line: string) => void = (line) => console.info(line),
  ) {
    this.sessions = new ExpiringMap(clock);
    this.lockout = new SignInLockout(clock);
    this.startedAt = clock.now();
  }

  /** A new six-digit code for `username`, printed on the emulator's log as a local developer expects. */
  issueCode(username: string, purpose: CodePurpose): string {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = this.clock.now() + CODE_TTL[purpose] * 1000;
    this.codes.set(key(username, purpose), { purpose, code, expiresAt });
    this.log(`[cognito-emulator] ${purpose} code for "${username}": ${code}`);
    return code;
  }

  /**
   * A code the user asked for (`ForgotPassword` and the hosted UI's "Forgot your password?", `ResendConfirmationCode`
   * and the hosted UI's "Resend code"): counted towards the hour's {@link CODE_ATTEMPTS_PER_HOUR} for its purpose,
   * past which it is `LimitExceededException`.
   */
  requestCode(username: string, purpose: CodePurpose): string {
    this.countAttempt(username, purpose);
    return this.issueCode(username, purpose);
  }

  /**
   * Checks and uses up a code; a wrong code leaves it usable, as Cognito does. A wrong code counts towards the hour's
   * allowance for its purpose, and once that is spent every such code is refused, the right one too.
   */
  useCode(username: string, purpose: CodePurpose, code: string): void {
    this.checkAllowance(username, purpose);
    const issued = this.codes.get(key(username, purpose));
    if (!issued || issued.code !== code) {
      this.countAttempt(username, purpose);
      throw new ApiError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    }
    if (issued.expiresAt <= this.clock.now())
      throw new ApiError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    this.codes.delete(key(username, purpose));
  }

  /**
   * Checks and uses up an SMS or e-mail MFA code: true once for the live code, false for any other (counted by the
   * caller towards the lockout, not towards the hourly allowance of confirmation codes).
   */
  useMfaCode(username: string, purpose: 'SMS_MFA' | 'EMAIL_OTP', code: string): boolean {
    const issued = this.codes.get(key(username, purpose));
    if (!issued || issued.expiresAt <= this.clock.now() || issued.code !== code) return false;
    this.codes.delete(key(username, purpose));
    return true;
  }

  /** The user's live codes, newest purpose last. */
  codesOf(username: string): IssuedCode[] {
    const now = this.clock.now();
    return PURPOSES.map((purpose) => this.codes.get(key(username, purpose))).filter(
      (c): c is IssuedCode => c !== undefined && c.expiresAt > now,
    );
  }

  /** The user's attempts for `purpose` within the last hour (older ones are dropped). */
  private recentAttempts(username: string, purpose: CodePurpose): number[] {
    const since = this.clock.now() - HOUR_MS;
    const recent = (this.attempts.get(key(username, purpose)) ?? []).filter((at) => at > since);
    this.attempts.set(key(username, purpose), recent);
    return recent;
  }

  private checkAllowance(username: string, purpose: CodePurpose): void {
    if (this.recentAttempts(username, purpose).length >= CODE_ATTEMPTS_PER_HOUR)
      throw new ApiError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
  }

  private countAttempt(username: string, purpose: CodePurpose): void {
    this.checkAllowance(username, purpose);
    this.recentAttempts(username, purpose).push(this.clock.now());
  }

  forgetUser(username: string): void {
    for (const purpose of PURPOSES) {
      this.codes.delete(key(username, purpose));
      this.attempts.delete(key(username, purpose));
    }
    this.pendingTotp.delete(username.toLowerCase());
  }

  /** Starts a challenge; the returned string is the `Session` the client sends back. */
  startChallenge(session: ChallengeSession): string {
    const id = randomToken(96);
    this.sessions.set(id, session, SESSION_TTL_SECONDS);
    return id;
  }

  /** The live challenge behind `Session`; it stays live until {@link endChallenge} (or a failure ends it). */
  challengeOf(id: string | undefined): ChallengeSession {
    const session = id ? this.sessions.get(id) : undefined;
    if (!session) throw new ApiError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    return session;
  }

  /** Uses the session up: the same `Session` is refused from now on. */
  endChallenge(id: string): void {
    this.sessions.delete(id);
  }

  /** Counts a wrong answer; the session ends once it had `limit` of them. */
  failChallenge(id: string, session: ChallengeSession, limit: number): void {
    session.failures = (session.failures ?? 0) + 1;
    if (session.failures >= limit) this.endChallenge(id);
  }
}

const key = (username: string, purpose: CodePurpose) => `${purpose}:${username.toLowerCase()}`;
