// What people paste from the Cognito console: accepted and normalized, or refused with the field and the fix.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CognitoConfigError, type CognitoOptions, defineCognito, definePool } from '../index.js';

const base: CognitoOptions = {
  userPoolId: 'eu-west-1_AbC123xyZ',
  domain: 'myapp',
  clientId: '4tg7fhidb5adr5jc1bna4me2i6',
};
const SECRET = 'zq8s1k2p0c9v8b7n6m5l4k3j2h1g0f9d8s7a6q5w4e3r2t1y0u';

function refused(options: Partial<CognitoOptions> & Record<string, unknown>) {
  try {
    defineCognito({ ...base, ...options } as CognitoOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(CognitoConfigError);
    return error as CognitoConfigError;
  }
  throw new Error('expected a CognitoConfigError');
}

describe('defineCognito domain forms', () => {
  const expected = 'https://myapp.auth.eu-west-1.amazoncognito.com';
  it.each([
    'myapp',
    'MyApp',
    'myapp.auth.eu-west-1.amazoncognito.com',
    'https://myapp.auth.eu-west-1.amazoncognito.com',
    'https://myapp.auth.eu-west-1.amazoncognito.com/',
    'myapp.auth.eu-west-1.amazoncognito.com/',
    '  https://myapp.auth.eu-west-1.amazoncognito.com  ',
  ])('accepts %j', (domain) => {
    const settings = defineCognito({ ...base, domain });
    expect(settings.domain).toBe(expected);
    expect(settings.domainKind).toBe('prefix');
    expect(settings.endpoints.authorize).toBe(`${expected}/oauth2/authorize`);
  });

  it('accepts a custom domain with or without scheme', () => {
    for (const domain of ['auth.example.com', 'https://auth.example.com/', 'AUTH.example.com']) {
      const settings = defineCognito({ ...base, domain });
      expect(settings.domain).toBe('https://auth.example.com');
      expect(settings.domainKind).toBe('custom');
    }
  });

  it('accepts the emulator on loopback http, and only there', () => {
    const settings = defineCognito({
      ...base,
      domain: 'http://127.0.0.1:9229',
      issuer: 'http://127.0.0.1:9229/eu-west-1_AbC123xyZ',
    });
    expect(settings.domainKind).toBe('local');
    expect(settings.endpoints.token).toBe('http://127.0.0.1:9229/oauth2/token');
    expect(settings.endpoints.jwks).toBe('http://127.0.0.1:9229/eu-west-1_AbC123xyZ/.well-known/jwks.json');
    expect(refused({ domain: 'http://auth.example.com' }).code).toBe('CONFIG_INSECURE_URL');
  });

  it.each([
    ['https://https//myapp.auth.eu-west-1.amazoncognito.com', 'CONFIG_INVALID_DOMAIN', /pasted twice/],
    ['https://myapp.auth.eu-west-1.amazoncognito.com/login', 'CONFIG_INVALID_DOMAIN', /path "\/login"/],
    ['myapp.auth.eu-west-1.amazoncognito.com/oauth2/authorize', 'CONFIG_INVALID_DOMAIN', /path/],
    [
      'myapp.auth.us-east-1.amazoncognito.com',
      'CONFIG_REGION_MISMATCH',
      /us-east-1 but the user pool ID is in eu-west-1/,
    ],
    ['cognito-idp.eu-west-1.amazonaws.com', 'CONFIG_INVALID_DOMAIN', /issuer host/],
    ['my app', 'CONFIG_INVALID_DOMAIN', /not a host name/],
    ['ftp://auth.example.com', 'CONFIG_INVALID_URL', /scheme ftp:/],
    ['', 'CONFIG_REQUIRED', /required/],
  ])('refuses %j', (domain, code, message) => {
    const error = refused({ domain });
    expect(error.code).toBe(code);
    expect(error.field).toBe('domain');
    expect(error.message).toMatch(message);
  });
});

describe('defineCognito pool, region, client', () => {
  it('derives the region and issuer from the pool ID', () => {
    const settings = defineCognito(base);
    expect(settings.region).toBe('eu-west-1');
    expect(settings.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyZ');
    expect(settings.endpoints.discovery).toBe(`${settings.issuer}/.well-known/openid-configuration`);
    expect(settings.endpoints.logout).toBe('https://myapp.auth.eu-west-1.amazoncognito.com/logout');
    expect(settings.scopes).toEqual(['openid', 'email', 'profile']);
    expect(settings.clientAuthMethod).toBe('none');
  });

  it.each([
    ['eu-west-1AbC123', /expected "<region>_<id>"/],
    ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123xyZ', /ARN/],
    ['https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyZ', /URL/],
  ])('refuses the pool ID %j', (userPoolId, message) => {
    const error = refused({ userPoolId });
    expect(error.code).toBe('CONFIG_INVALID_USER_POOL_ID');
    expect(error.field).toBe('userPoolId');
    expect(error.message).toMatch(message);
  });

  it('validates a pool alone for APIs that only verify tokens', () => {
    expect(definePool({ userPoolId: 'eu-west-1_AbC123xyZ' })).toEqual({
      userPoolId: 'eu-west-1_AbC123xyZ',
      region: 'eu-west-1',
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyZ',
      jwksUri: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyZ/.well-known/jwks.json',
    });
    expect(() => definePool({ userPoolId: 'nope' })).toThrow(/userPoolId/);
    expect(() => definePool({ userPoolId: 'eu-west-1_AbC123xyZ', region: 'us-east-1' })).toThrow(/region/);
  });

  it('refuses a region that does not match the pool', () => {
    const error = refused({ region: 'us-east-1' });
    expect(error).toMatchObject({ code: 'CONFIG_REGION_MISMATCH', field: 'region' });
    expect(refused({ region: 'Ireland' }).code).toBe('CONFIG_INVALID_REGION');
    expect(defineCognito({ ...base, region: 'eu-west-1' }).region).toBe('eu-west-1');
  });

  it('refuses a missing or odd client ID', () => {
    expect(refused({ clientId: undefined })).toMatchObject({ code: 'CONFIG_REQUIRED', field: 'clientId' });
    expect(refused({ clientId: 'has spaces in it' })).toMatchObject({ code: 'CONFIG_INVALID_CLIENT_ID' });
    expect(refused({ clientId: 42 as unknown as string })).toMatchObject({
      code: 'CONFIG_INVALID_TYPE',
      field: 'clientId',
    });
  });
});

describe('defineCognito client authentication', () => {
  it('uses client_secret_basic with a secret, none without', () => {
    expect(defineCognito({ ...base, clientSecret: SECRET }).clientAuthMethod).toBe('client_secret_basic');
    expect(
      defineCognito({ ...base, clientSecret: SECRET, clientAuthMethod: 'client_secret_post' }).clientAuthMethod,
    ).toBe('client_secret_post');
  });

  it('refuses a public client asked to use a secret method, and a secret with none', () => {
    const error = refused({ clientAuthMethod: 'client_secret_basic' });
    expect(error).toMatchObject({ code: 'CONFIG_AUTH_METHOD', field: 'clientAuthMethod' });
    expect(error.message).toMatch(/public client/);
    expect(refused({ clientSecret: SECRET, clientAuthMethod: 'none' }).code).toBe('CONFIG_AUTH_METHOD');
    expect(refused({ clientAuthMethod: 'private_key_jwt' as never }).code).toBe('CONFIG_AUTH_METHOD');
  });

  it('never shows a secret in an error, JSON or console output', () => {
    const settings = defineCognito({ ...base, clientSecret: SECRET, transactionSecret: `${SECRET}-tx` });
    expect(JSON.stringify(settings)).not.toContain(SECRET);
    expect(inspect(settings, { depth: 5 })).not.toContain(SECRET);
    expect(JSON.stringify(settings)).toContain('[redacted]');
    expect({ ...settings }.clientSecret).toBe(SECRET);
    const error = refused({ clientSecret: SECRET, clientAuthMethod: 'nope' as never });
    expect(error.message).not.toContain(SECRET);
    expect(refused({ transactionSecret: 'short-secret' }).message).not.toContain('short-secret');
  });
});

describe('defineCognito URLs, scopes, numbers', () => {
  it('requires absolute redirect URIs, https except on loopback', () => {
    expect(refused({ redirectUri: '/callback' })).toMatchObject({ code: 'CONFIG_INVALID_URL', field: 'redirectUri' });
    expect(refused({ redirectUri: 'http://app.example.com/cb' })).toMatchObject({
      code: 'CONFIG_INSECURE_URL',
      field: 'redirectUri',
    });
    expect(refused({ redirectUri: 'https://app.example.com/cb#x' })).toMatchObject({ code: 'CONFIG_INVALID_URL' });
    expect(refused({ logoutUri: 'app.example.com' })).toMatchObject({ field: 'logoutUri' });
    expect(defineCognito({ ...base, redirectUri: 'http://localhost:3000/cb' }).redirectUri).toBe(
      'http://localhost:3000/cb',
    );
  });

  it('accepts scopes as a string with spaces or commas, or an array, and requires openid', () => {
    expect(defineCognito({ ...base, scopes: 'openid email' }).scopes).toEqual(['openid', 'email']);
    expect(defineCognito({ ...base, scopes: 'openid,email, phone' }).scopes).toEqual(['openid', 'email', 'phone']);
    expect(defineCognito({ ...base, scopes: ['openid', 'orders/read'] }).scopes).toEqual(['openid', 'orders/read']);
    expect(refused({ scopes: 'email profile' })).toMatchObject({ code: 'CONFIG_INVALID_SCOPES', field: 'scopes' });
    expect(refused({ scopes: ['openid', 'bad"scope'] }).code).toBe('CONFIG_INVALID_SCOPES');
  });

  it('checks numbers and secrets', () => {
    expect(refused({ clockToleranceSeconds: -1 })).toMatchObject({
      code: 'CONFIG_INVALID_NUMBER',
      field: 'clockToleranceSeconds',
    });
    expect(refused({ transactionTtlSeconds: 'ten' as never })).toMatchObject({ field: 'transactionTtlSeconds' });
    expect(refused({ transactionSecret: 'short' })).toMatchObject({ code: 'CONFIG_WEAK_SECRET' });
  });

  it('is idempotent: settings spread back in give the same settings', () => {
    const settings = defineCognito({
      ...base,
      clientSecret: SECRET,
      domain: 'http://127.0.0.1:4000',
      issuer: 'http://127.0.0.1:4000/eu-west-1_AbC123xyZ',
    });
    const again = defineCognito({ ...settings, redirectUri: 'http://127.0.0.1:5000/cb' });
    expect(again.endpoints).toEqual(settings.endpoints);
    expect(again.clientSecret).toBe(SECRET);
    expect(again.redirectUri).toBe('http://127.0.0.1:5000/cb');
  });

  it('refuses a non-object', () => {
    expect(() => defineCognito(undefined as never)).toThrow(/options: expected an object/);
  });
});
