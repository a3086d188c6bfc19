import { CognitoConfigError } from '@cognito-connect/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLAIMS, compileClaims, parseClaimList } from './claims.js';

const verified = {
  sub: 'u-1',
  iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  aud: 'client',
  exp: 2_000_000_000,
  iat: 1_900_000_000,
  token_use: 'id',
  email: 'alice@example.com',
  email_verified: true,
  'cognito:groups': ['admins', 'staff'],
  'cognito:username': 'alice',
  'custom:plan': 'pro',
  'custom:tenant': 't-9',
  phone_number: '+15555550100',
};

describe('compileClaims', () => {
  it('copies only the default allow-list: sub, email and groups renamed', () => {
    expect(compileClaims()(verified)).toEqual({ sub: 'u-1', email: 'alice@example.com', groups: ['admins', 'staff'] });
    expect(DEFAULT_CLAIMS).toEqual({ sub: true, email: true, 'cognito:groups': 'groups' });
  });

  it('copies a prefix, keeping or replacing it', () => {
    expect(compileClaims({ 'custom:*': true })(verified)).toEqual({ 'custom:plan': 'pro', 'custom:tenant': 't-9' });
    expect(compileClaims({ 'custom:*': '*' })(verified)).toEqual({ plan: 'pro', tenant: 't-9' });
    expect(compileClaims({ 'custom:*': 'org_*' })(verified)).toEqual({ org_plan: 'pro', org_tenant: 't-9' });
  });

  it('accepts an array of names and skips claims the token lacks', () => {
    expect(compileClaims(['email', 'given_name', 'custom:*'])(verified)).toEqual({
      email: 'alice@example.com',
      'custom:plan': 'pro',
      'custom:tenant': 't-9',
    });
  });

  it('never copies an email or phone number Cognito has not verified, by name or through a prefix', () => {
    const unverified = { ...verified, email_verified: false };
    expect(compileClaims()(unverified)).toEqual({ sub: 'u-1', groups: ['admins', 'staff'] });
    expect(compileClaims({ email: 'mail', 'e*': true, phone_number: true })(unverified)).toEqual({
      email_verified: false,
    });
  });

  it('never copies token bookkeeping, even through a prefix', () => {
    const pick = compileClaims({ 'e*': true });
    expect(pick(verified)).toEqual({ email: 'alice@example.com', email_verified: true });
    expect(pick(verified)).not.toHaveProperty('exp');
  });

  it.each([
    [{ exp: true }, 'claims["exp"]'],
    [{ iss: 'issuer' }, 'claims["iss"]'],
    [{ email: 'exp' }, 'claims["email"]'],
    [{ '*': true }, 'claims["*"]'],
    [{ 'custom:*': 'plan' }, 'claims["custom:*"]'],
    [{ 'bad name': true }, 'claims["bad name"]'],
    [{ email: 1 }, 'claims["email"]'],
  ])('refuses %j naming the entry', (map, field) => {
    expect(() => compileClaims(map as never)).toThrow(CognitoConfigError);
    try {
      compileClaims(map as never);
    } catch (error) {
      expect((error as CognitoConfigError).field).toBe(field);
    }
  });

  it('refuses something that is not a map', () => {
    expect(() => compileClaims('email' as never)).toThrow(/claims: expected an object/);
    expect(() => compileClaims([1] as never)).toThrow(/claims: expected claim names/);
  });
});

describe('parseClaimList', () => {
  it('reads the configuration-screen form', () => {
    expect(parseClaimList('email, cognito:groups=groups  custom:*')).toEqual({
      email: true,
      'cognito:groups': 'groups',
      'custom:*': true,
    });
  });

  it('gives undefined for an empty line, so defaults apply', () => {
    expect(parseClaimList('')).toBeUndefined();
    expect(parseClaimList(' , ')).toBeUndefined();
    expect(parseClaimList(undefined)).toBeUndefined();
  });

  it('refuses a malformed item', () => {
    expect(() => parseClaimList('email=')).toThrow(/claims: expected "claim" or "claim=newName"/);
    expect(() => parseClaimList('a=b=c')).toThrow(CognitoConfigError);
  });
});
