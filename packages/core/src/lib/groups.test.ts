// The one group rule, on token claims and on a profile's groups alike.
import { describe, expect, it } from 'vitest';
import { COGNITO_CLAIMS } from './claims.js';
import { CognitoTokenError } from './errors.js';
import { inRequiredGroup, requireGroup } from './groups.js';

describe('requireGroup', () => {
  const claims = { [COGNITO_CLAIMS.groups]: ['editors'] };

  it('passes a member of any required group, from claims or a groups list, and anyone when none is required', () => {
    expect(inRequiredGroup(claims, ['admins', 'editors'])).toBe(true);
    expect(inRequiredGroup(['editors'], 'editors')).toBe(true);
    expect(inRequiredGroup([], [])).toBe(true);
    expect(() => requireGroup(['editors'], ['editors'])).not.toThrow();
  });

  it('refuses everyone else with TOKEN_GROUP_REQUIRED and the groups in detail', () => {
    for (const from of [claims, ['editors'], {}, []]) {
      let error: unknown;
      try {
        requireGroup(from, ['admins']);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CognitoTokenError);
      expect((error as CognitoTokenError).code).toBe('TOKEN_GROUP_REQUIRED');
      expect((error as CognitoTokenError).detail).toEqual({ claim: COGNITO_CLAIMS.groups, expected: ['admins'] });
    }
  });
});
