// Claims in every real shape Cognito sends them, normalized to one profile.
import { describe, expect, it } from 'vitest';
import { profileFromClaims, verifiedClaims } from './profile.js';

describe('profileFromClaims', () => {
  it('reads a native user from an ID token', () => {
    const profile = profileFromClaims({
      sub: 'df0c456e',
      'cognito:username': 'TechSupportUser',
      'cognito:groups': ['admin-techsupport'],
      email: 'alt@example.com',
      email_verified: true,
      phone_number: '+15033308402',
      phone_number_verified: true,
      given_name: 'Tech',
      family_name: 'Support',
      'custom:tenant': 'acme',
      'custom:seats': 5,
    });
    expect(profile).toMatchObject({
      sub: 'df0c456e',
      username: 'TechSupportUser',
      email: 'alt@example.com',
      emailVerified: true,
      phoneNumberVerified: true,
      groups: ['admin-techsupport'],
      isFederated: false,
      provider: null,
      custom: { tenant: 'acme', seats: '5' },
    });
  });

  it('reads string booleans (userInfo) and the access token username', () => {
    expect(profileFromClaims({ sub: 's', username: 'bob', email_verified: 'true' })).toMatchObject({
      username: 'bob',
      emailVerified: true,
      groups: [],
    });
    expect(profileFromClaims({ sub: 's', username: 'bob', email_verified: 'false' }).emailVerified).toBe(false);
    expect(profileFromClaims({ sub: 's' }).emailVerified).toBe(false);
  });

  it('reads a federated user and its provider from identities', () => {
    const identities = [
      {
        userId: '1234',
        providerName: 'Google',
        providerType: 'Google',
        issuer: null,
        primary: 'false',
        dateCreated: '1585104239000',
      },
      {
        userId: 'abcd',
        providerName: 'BeyondIdentity',
        providerType: 'OIDC',
        issuer: null,
        primary: 'true',
        dateCreated: '1585104240000',
      },
    ];
    const profile = profileFromClaims({ sub: 's', 'cognito:username': 'BeyondIdentity_abcd', identities });
    expect(profile.isFederated).toBe(true);
    expect(profile.provider).toEqual({ name: 'BeyondIdentity', type: 'OIDC', userId: 'abcd' });
    expect(profile.identities[0]).toMatchObject({ primary: false, dateCreated: new Date(1585104239000) });
    expect(profileFromClaims({ sub: 's', identities: JSON.stringify(identities) }).provider?.name).toBe(
      'BeyondIdentity',
    );
    expect(profileFromClaims({ sub: 's', identities: 'not json' }).identities).toEqual([]);
  });
});

describe('verifiedClaims', () => {
  it('drops an email or phone number Cognito has not verified, and nothing else', () => {
    const claims = { sub: 's', email: 'ceo@example.com', email_verified: false, phone_number: '+15555550100' };
    expect(verifiedClaims(claims)).toEqual({ sub: 's', email_verified: false });
    expect(verifiedClaims({ ...claims, email_verified: 'false', phone_number_verified: 'no' })).not.toHaveProperty(
      'email',
    );
    expect(claims.email).toBe('ceo@example.com');
  });

  it('keeps a verified email or phone number, as tokens (booleans) and userInfo ("true") say it', () => {
    const claims = {
      sub: 's',
      email: 'me@example.com',
      email_verified: true,
      phone_number: '+1',
      phone_number_verified: 'true',
    };
    expect(verifiedClaims(claims)).toEqual(claims);
  });
});
