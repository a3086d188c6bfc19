// Username candidates and group → role choice: the deterministic rules the README promises.
import { profileFromClaims } from '@cognito-connect/core';
import { describe, expect, it } from 'vitest';
import { mappedRoleType } from './roles.js';
import { usernameCandidates } from './users.js';

const profile = (claims: Record<string, unknown>) => profileFromClaims({ sub: '5f0c-sub', ...claims });

describe('usernameCandidates', () => {
  it('prefers the Cognito username, then the email, then cognito-<sub>', () => {
    expect(usernameCandidates(profile({ 'cognito:username': 'alice', email: 'Alice@Example.com' }))).toEqual([
      'alice',
      'alice@example.com',
      'cognito-5f0c-sub',
    ]);
  });

  it('skips a username that is only the sub (pools that sign in by email)', () => {
    expect(usernameCandidates(profile({ 'cognito:username': '5f0c-sub', email: 'a@example.com' }))).toEqual([
      'a@example.com',
      'cognito-5f0c-sub',
    ]);
  });

  it('skips names too short for users-permissions, and duplicates', () => {
    expect(usernameCandidates(profile({ 'cognito:username': 'al' }))).toEqual(['cognito-5f0c-sub']);
  });
});

describe('mappedRoleType', () => {
  const groupRoles = { editors: 'editor', admins: 'administrator' };

  it('takes the first mapped group in cognito:groups order (Cognito sorts by precedence)', () => {
    expect(mappedRoleType(['staff', 'admins', 'editors'], groupRoles)).toEqual({
      group: 'admins',
      role: 'administrator',
    });
  });

  it('is undefined when no group is mapped', () => {
    expect(mappedRoleType(['staff'], groupRoles)).toBeUndefined();
    expect(mappedRoleType([], groupRoles)).toBeUndefined();
  });
});
