import { CognitoConfigError } from '@cognito-connect/core';
import { describe, expect, it } from 'vitest';
import { type VisitorAuthOptions, createVisitorAuth } from './handler.js';

// Everything here stays in-process: starting a login and logging out need no call to Cognito.
const options: VisitorAuthOptions = {
  cognito: {
    userPoolId: 'eu-west-1_AbC123xyZ',
    domain: 'acme',
    clientId: 'client123',
    clientSecret: 'client-secret',
    redirectUri: 'https://auth.example.com/visitor-auth/response',
    transactionSecret: 'transaction-secret-0123456789abcdef0123',
  },
  site: { url: 'https://docs.example.com', signingSecret: 'site-signing-secret-0123' },
};
const auth = createVisitorAuth(options);
const cognito = 'https://acme.auth.eu-west-1.amazoncognito.com';

function fieldOf(make: () => unknown): string | undefined {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(CognitoConfigError);
    return (error as CognitoConfigError).field;
  }
  return undefined;
}

describe('createVisitorAuth', () => {
  it('puts login and logout beside the callback', () => {
    expect(auth.paths).toEqual({
      login: '/visitor-auth/login',
      callback: '/visitor-auth/response',
      logout: '/visitor-auth/logout',
    });
    expect(auth.loginUrl('/guide')).toBe('https://auth.example.com/visitor-auth/login?location=%2Fguide');
  });

  it.each([
    [{ cognito: { ...options.cognito, redirectUri: undefined } }, 'cognito.redirectUri'],
    [{ cognito: { ...options.cognito, transactionSecret: undefined } }, 'cognito.transactionSecret'],
    [{ cognito: { ...options.cognito, redirectUri: 'https://auth.example.com/login' } }, 'cognito.redirectUri'],
    [{ site: { url: 'https://docs.example.com' } }, 'site.signingSecret'],
    [{ site: { url: 'http://docs.example.com', signingSecret: 'site-signing-secret-0123' } }, 'site.url'],
    [{ sessionTtl: 10 }, 'sessionTtl'],
    [{ requiredGroups: [''] }, 'requiredGroups'],
    [{ claims: { aud: true } }, 'claims["aud"]'],
    [{ logoutUrl: 'http://docs.example.com/' }, 'logoutUri'],
  ] as Array<[Partial<VisitorAuthOptions>, string]>)('refuses a bad %j naming the field', (change, field) => {
    expect(fieldOf(() => createVisitorAuth({ ...options, ...change }))).toBe(field);
  });

  it('starts a login: PKCE, state and nonce to Cognito, the page sealed in a Secure HttpOnly cookie on its own path', async () => {
    const response = await auth.fetch(
      new Request('https://auth.example.com/visitor-auth/login?location=%2Fguide%2Fsetup'),
    );
    expect(response.status).toBe(302);
    const authorize = new URL(response.headers.get('location') as string);
    expect(authorize.origin + authorize.pathname).toBe(`${cognito}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: 'client123',
      response_type: 'code',
      redirect_uri: 'https://auth.example.com/visitor-auth/response',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('state')).not.toContain('guide');
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^__Host-cc-visitor-tx=[\w.-]+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(cookie).not.toContain('guide');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a callback without its transaction cookie, or with a forged one, and clears it', async () => {
    const bare = await auth.fetch(new Request('https://auth.example.com/visitor-auth/response?code=c&state=s'));
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain('FLOW_TRANSACTION_INVALID');
    const forged = await auth.fetch(
      new Request('https://auth.example.com/visitor-auth/response?code=c&state=s', {
        headers: { cookie: '__Host-cc-visitor-tx=eyJhbGciOiJkaXIifQ..a.b.c' },
      }),
    );
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('FLOW_TRANSACTION_INVALID');
    expect(forged.headers.getSetCookie()[0]).toMatch(/^__Host-cc-visitor-tx=; Max-Age=0;/);
  });

  it('answers a GET of the logout route with a confirmation page that POSTs back', async () => {
    const response = await auth.fetch(new Request('https://auth.example.com/visitor-auth/logout'));
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('<form method="post" action="/visitor-auth/logout">');
  });

  it("logs out on a same-origin POST through Cognito's /logout back to the site", async () => {
    const response = await auth.fetch(
      new Request('https://auth.example.com/visitor-auth/logout', {
        method: 'POST',
        headers: { origin: 'https://auth.example.com', 'sec-fetch-site': 'same-origin' },
      }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `${cognito}/logout?client_id=client123&logout_uri=https%3A%2F%2Fdocs.example.com%2F`,
    );
    expect(auth.logoutUrl()).toBe(response.headers.get('location'));
  });

  it('refuses a cross-site POST to the logout route', async () => {
    const response = await auth.fetch(
      new Request('https://auth.example.com/visitor-auth/logout', {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      }),
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('REQUEST_CROSS_SITE');
  });

  it('answers 404 elsewhere, and to methods a route does not take', async () => {
    expect((await auth.fetch(new Request('https://auth.example.com/visitor-auth/other'))).status).toBe(404);
    expect(
      (await auth.fetch(new Request('https://auth.example.com/visitor-auth/login', { method: 'POST' }))).status,
    ).toBe(404);
  });
});
