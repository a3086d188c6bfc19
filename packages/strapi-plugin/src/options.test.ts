// The options parser: defaults, environment quirks, and errors that name the option (with core judging the Cognito fields).
import { describe, expect, it } from 'vitest';
import { PluginConfigError, parseOptions } from './options.js';

const valid = {
  userPoolId: 'eu-west-1_AbC123xyZ',
  clientId: 'abc123clientid',
  domain: 'myapp',
  transactionSecret: 'a-transaction-secret-of-at-least-32-characters',
};

const refusal = (input: unknown): PluginConfigError => {
  try {
    parseOptions(input);
  } catch (error) {
    if (error instanceof PluginConfigError) return error;
    throw error;
  }
  throw new Error('expected a PluginConfigError');
};

describe('parseOptions', () => {
  it('fills the defaults', () => {
    expect(parseOptions(valid)).toMatchObject({
      groupRoles: {},
      requiredGroups: [],
      linkByEmail: true,
      allowedRedirectOrigins: [],
      bearer: { enabled: true, clientIds: [], createUsers: true },
      replaceBuiltInProvider: true,
      loginCodeTtlSeconds: 60,
    });
  });

  it('treats empty environment variables as unset, and splits comma lists', () => {
    const options = parseOptions({ ...valid, clientSecret: '', identityProvider: '', scopes: 'openid,email' });
    expect(options.clientSecret).toBeUndefined();
    expect(options.scopes).toEqual(['openid', 'email']);
  });

  it.each([
    [{ ...valid, userPoolId: undefined }, 'userPoolId', /is required/],
    [{ ...valid, transactionSecret: 'short' }, 'transactionSecret', /at least 32 characters/],
    [{ ...valid, groupRoles: { admins: 42 } }, 'groupRoles.admins', /expected string/],
    [{ ...valid, requiredGroups: 'admins' }, 'requiredGroups', /expected array/],
    [{ ...valid, requireGroups: ['admins'] }, 'config', /Unrecognized key.*requireGroups/],
    [{ ...valid, bearer: { clientId: ['x'] } }, 'bearer', /Unrecognized key.*clientId/],
    [
      { ...valid, allowedRedirectOrigins: ['https://app.example.com/path'] },
      'allowedRedirectOrigins.0',
      /expected only an origin such as https:\/\/app.example.com/,
    ],
    [
      { ...valid, allowedRedirectOrigins: ['https://app.example.com', 'http://app.example.com'] },
      'allowedRedirectOrigins.1',
      /plain http is only allowed for localhost/,
    ],
    // Cognito fields are judged by core, and still named by their option.
    [
      { ...valid, userPoolId: 'arn:aws:cognito-idp:eu-west-1:123:userpool/eu-west-1_AbC' },
      'userPoolId',
      /You pasted an ARN/,
    ],
    [{ ...valid, domain: 'https://https//myapp.auth.eu-west-1.amazoncognito.com' }, 'domain', /scheme is pasted twice/],
    [
      { ...valid, domain: 'myapp.auth.us-east-1.amazoncognito.com' },
      'domain',
      /us-east-1 but the user pool ID is in eu-west-1/,
    ],
    [{ ...valid, scopes: ['email'] }, 'scopes', /must include "openid"/],
  ])('refuses %j naming %s', (input, option, message) => {
    const error = refusal(input);
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`cognito-connect.${option}: `)).toBe(true);
  });

  it('accepts the domain with or without the scheme', () => {
    expect(() => parseOptions({ ...valid, domain: 'https://myapp.auth.eu-west-1.amazoncognito.com' })).not.toThrow();
    expect(() => parseOptions({ ...valid, domain: 'myapp.auth.eu-west-1.amazoncognito.com/' })).not.toThrow();
  });

  it('checks the pool settings even when the app client comes from the Providers page', () => {
    expect(() =>
      parseOptions({ userPoolId: valid.userPoolId, transactionSecret: valid.transactionSecret }),
    ).not.toThrow();
    expect(refusal({ userPoolId: 'nope', transactionSecret: valid.transactionSecret }).option).toBe('userPoolId');
  });

  it('never echoes a secret in its message', () => {
    const secret = 'this-secret-is-too-short';
    expect(refusal({ ...valid, transactionSecret: secret }).message).not.toContain(secret);
    expect(refusal({ ...valid, clientSecret: 12345 }).message).not.toContain('12345');
  });
});
