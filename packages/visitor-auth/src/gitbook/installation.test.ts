import { CognitoConfigError } from '@cognito-connect/core';
import { describe, expect, it } from 'vitest';
import { deriveTransactionSecret, gitbookCallbackUrl, visitorAuthOptionsFor } from './installation.js';

const publicEndpoint =
  'https://integrations.gitbook.com/v1/integrations/cognito-connect/installations/inst1/sites/site1';
const configuration = {
  user_pool_id: 'eu-west-1_AbC123xyZ',
  client_id: 'client123',
  client_secret: 'a-client-secret',
  cognito_domain: 'acme',
};
const installation = {
  configuration,
  publicEndpoint,
  siteUrl: 'https://acme.gitbook.io/handbook',
  signingSecret: 'gitbook-site-signing-secret-1234',
};

describe('GitBook installation', () => {
  it('registers <integration endpoint>/visitor-auth/response as the callback', () => {
    expect(gitbookCallbackUrl(`${publicEndpoint}/`)).toBe(`${publicEndpoint}/visitor-auth/response`);
  });

  it('derives a transaction secret that is stable, long enough and not the signing secret', async () => {
    const one = await deriveTransactionSecret(installation.signingSecret);
    expect(one).toBe(await deriveTransactionSecret(installation.signingSecret));
    expect(one).not.toBe(await deriveTransactionSecret('another-signing-secret-5678'));
    expect(one.length).toBeGreaterThanOrEqual(32);
    expect(one).not.toContain(installation.signingSecret);
  });

  it('builds handler options from the saved configuration', async () => {
    const options = await visitorAuthOptionsFor({
      ...installation,
      configuration: { ...configuration, claims: 'email, custom:*', required_groups: 'readers, staff' },
    });
    expect(options.cognito).toMatchObject({
      clientId: 'client123',
      domain: 'https://acme.auth.eu-west-1.amazoncognito.com',
      redirectUri: `${publicEndpoint}/visitor-auth/response`,
    });
    expect(options.site).toEqual({
      url: 'https://acme.gitbook.io/handbook',
      signingSecret: installation.signingSecret,
    });
    expect(options.claims).toEqual({ email: true, 'custom:*': true });
    expect(options.requiredGroups).toEqual(['readers', 'staff']);
    expect(options.logoutUrl).toBeUndefined();
    // One installation's login transaction never meets another's on GitBook's shared endpoint host.
    expect(options.transactionCookiePath).toBe(`${new URL(publicEndpoint).pathname.replace(/\/+$/, '')}/visitor-auth/`);
  });

  it.each(['user_pool_id', 'client_id', 'client_secret', 'cognito_domain'])('names a missing %s', async (field) => {
    const error = await visitorAuthOptionsFor({
      ...installation,
      configuration: { ...configuration, [field]: ' ' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognitoConfigError);
    expect((error as CognitoConfigError).field).toBe(field);
  });

  it('refuses an installation without GitBook signing secret', async () => {
    await expect(visitorAuthOptionsFor({ ...installation, signingSecret: undefined })).rejects.toThrow(
      /signingSecrets.siteInstallation/,
    );
  });
});
