// Pure rules of refreshable sessions: the refresh window and which failures are final.
import { describe, expect, it } from 'vitest';
import { CognitoFlowError, CognitoHttpError, CognitoTokenError } from './errors.js';
import { REFRESH_LEAD_SECONDS, REFRESH_TOKEN_VALIDITY, refreshDue, refreshEndsSession } from './sessions.js';

describe('refreshDue', () => {
  it('is due inside the lead window and after expiry, not before', () => {
    const now = 1_000_000;
    expect(refreshDue(now + REFRESH_LEAD_SECONDS + 1, now)).toBe(false);
    expect(refreshDue(now + REFRESH_LEAD_SECONDS, now)).toBe(true);
    expect(refreshDue(now - 5, now)).toBe(true);
  });
});

describe('refreshEndsSession', () => {
  it('ends the session on invalid_grant and on tokens that fail verification', () => {
    expect(refreshEndsSession(new CognitoFlowError('FLOW_CODE_REJECTED', 'refused'))).toBe(true);
    expect(refreshEndsSession(new CognitoTokenError('TOKEN_EXPIRED', 'expired'))).toBe(true);
  });

  it('keeps it on transient failures', () => {
    expect(refreshEndsSession(new CognitoHttpError('HTTP_TIMEOUT', 'slow'))).toBe(false);
    expect(refreshEndsSession(new CognitoHttpError('HTTP_STATUS', '500', { status: 500 }))).toBe(false);
    expect(refreshEndsSession(new Error('boom'))).toBe(false);
  });

  it("knows Cognito's refresh token validity range", () => {
    expect(REFRESH_TOKEN_VALIDITY.min).toBeLessThan(REFRESH_TOKEN_VALIDITY.default);
    expect(REFRESH_TOKEN_VALIDITY.default).toBeLessThan(REFRESH_TOKEN_VALIDITY.max);
  });
});
