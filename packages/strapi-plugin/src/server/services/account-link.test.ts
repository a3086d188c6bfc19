// The linking rule in every combination: only a verified email and an account nobody else could have claimed are linked.
import { profileFromClaims } from '@cognito-connect/core';
import { describe, expect, it } from 'vitest';
import { linkRefusal } from './account-link.js';

const verified = profileFromClaims({ sub: 'sub-1', email: 'a@example.com', email_verified: true });
const unverified = profileFromClaims({ sub: 'sub-1', email: 'a@example.com', email_verified: false });
const clean = { hasPassword: false, confirmed: true };

describe('linkRefusal', () => {
  it('links a confirmed account without a password when Cognito verified the email', () => {
    expect(linkRefusal(verified, clean)).toBeUndefined();
  });

  it.each([
    ['already linked', verified, { ...clean, linkedSub: 'sub-2' }, 'ALREADY_LINKED'],
    ['email not verified by Cognito', unverified, clean, 'EMAIL_NOT_VERIFIED'],
    ['has a password', verified, { ...clean, hasPassword: true }, 'LINK_REFUSED'],
    ['not confirmed', verified, { ...clean, confirmed: false }, 'LINK_REFUSED'],
    ['from another provider', verified, { ...clean, otherProvider: 'github' }, 'LINK_REFUSED'],
  ] as const)('refuses an account that is %s', (_, profile, candidate, code) => {
    expect(linkRefusal(profile, candidate)?.code).toBe(code);
  });
});
