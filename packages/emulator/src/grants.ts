// Authorization codes and refresh tokens: single-use, expiring, and revocable as a family (Cognito's origin_jti).
import type { Clock } from './clock.js';
import { ExpiringMap } from './expiring-map.js';
import { randomToken, uuid } from './random.js';
import type { Grant } from './tokens.js';

/** Cognito's authorization codes live five minutes. */
export const CODE_TTL_SECONDS = 300;

export interface CodeRecord {
  readonly grant: Grant;
  readonly redirectUri: string;
  readonly codeChallenge: string | undefined;
  readonly nonce: string | undefined;
}

export class GrantStore {
  private readonly codes: ExpiringMap<CodeRecord>;
  private readonly refreshTokens: ExpiringMap<Grant>;
  private readonly revokedOrigins = new Set<string>();
  /** `event_id`s of globally signed-out sign-ins: found in every token, even those without `origin_jti`. */
  private readonly signedOutEvents = new Set<string>();

  constructor(clock: Clock) {
    this.codes = new ExpiringMap(clock);
    this.refreshTokens = new ExpiringMap(clock);
  }

  /** A new code (a UUID, as Cognito's are) for a completed sign-in. */
  issueCode(record: CodeRecord): string {
    const code = uuid();
    this.codes.set(code, record, CODE_TTL_SECONDS);
    return code;
  }

  /** The code's record, removed so that a second redemption fails (`invalid_grant`). */
  redeemCode(code: string): CodeRecord | undefined {
    return this.codes.take(code);
  }

  issueRefreshToken(grant: Grant, ttlSeconds: number): string {
    const token = randomToken(96);
    this.refreshTokens.set(token, grant, ttlSeconds);
    return token;
  }

  /** The grant behind a live, unrevoked refresh token. */
  refreshGrant(token: string): Grant | undefined {
    const grant = this.refreshTokens.get(token);
    return grant && !this.revokedOrigins.has(grant.originJti) ? grant : undefined;
  }

  /** Refresh-token rotation: the old token stops working and a new one carries the same grant on. */
  rotateRefreshToken(token: string, grant: Grant, ttlSeconds: number): string {
    this.refreshTokens.delete(token);
    return this.issueRefreshToken(grant, ttlSeconds);
  }

  /** Revokes the refresh token and every token minted from the same sign-in. */
  revokeFamily(grant: Grant): void {
    this.revokedOrigins.add(grant.originJti);
  }

  /** True for a token of a revoked sign-in (by `origin_jti`) or of a signed-out user (by `event_id`). */
  isRevoked(claims: { origin_jti?: unknown; event_id?: unknown }): boolean {
    const { origin_jti: origin, event_id: event } = claims;
    return (
      (typeof origin === 'string' && this.revokedOrigins.has(origin)) ||
      (typeof event === 'string' && this.signedOutEvents.has(event))
    );
  }

  /** Ends every grant of a user (admin disable or delete), as Cognito's global sign-out does. */
  revokeUser(username: string): void {
    const name = username.toLowerCase();
    for (const grant of this.refreshTokens.values())
      if (grant.username.toLowerCase() === name) {
        this.revokedOrigins.add(grant.originJti);
        this.signedOutEvents.add(grant.eventId);
      }
  }
}
