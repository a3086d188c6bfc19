import { fileURLToPath } from 'node:url';
import { CognitoConfigError } from '@cognito-connect/core';
import { describe, expect, it } from 'vitest';
import { createGateway } from './gateway.js';

const DOCS = fileURLToPath(new URL('../../../../test-fixtures/docs-site', import.meta.url));
const cognito = {
  userPoolId: 'eu-west-1_AbC123xyZ',
  domain: 'acme',
  clientId: '4tg7fhidb5adr5jc1bna4me2i6',
  clientSecret: 'a-client-secret',
};
const options = { cognito, dir: DOCS, cookieSecret: 'x'.repeat(32), site: 'http://127.0.0.1:8080' };

describe('createGateway', () => {
  it('takes a redirectUri on the site, and defaults it to <site>/_auth/callback', () => {
    const own = createGateway({ ...options, cognito: { ...cognito, redirectUri: 'http://127.0.0.1:8080/callback' } });
    expect(own.auth.paths.callback).toBe('/callback');
    own.close();
    const fallback = createGateway(options);
    expect(fallback.auth.paths.callback).toBe('/_auth/callback');
    fallback.close();
  });

  it.each([
    ['an app’s callback from the settings file', 'https://app.example.com/auth/callback'],
    ['the same port under another host name', 'http://localhost:8080/_auth/callback'],
  ])('refuses %s, naming the field and the fix', (_what, redirectUri) => {
    let error: unknown;
    try {
      createGateway({ ...options, cognito: { ...cognito, redirectUri } }).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CognitoConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID_URL', field: 'cognito.redirectUri' });
    expect((error as Error).message).toMatch(/leave redirectUri out .*http:\/\/127\.0\.0\.1:8080\/_auth\/callback/);
  });
});
