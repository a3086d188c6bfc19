// What startLogin puts in the authorize URL and the transaction, and what logoutUrl builds: pure, no network.
import { describe, expect, it } from 'vitest';
import { createCognito } from './client.js';
import { unseal } from './seal.js';

const transactionSecret = 'unit-test-transaction-secret-0123456789abcdef';
const cognito = createCognito({
  userPoolId: 'eu-west-1_AbC123xyZ',
  domain: 'myapp',
  clientId: 'client123',
  redirectUri: 'https://app.example.com/cb',
  logoutUri: 'https://app.example.com/',
  transactionSecret,
});

describe('startLogin', () => {
  it('always sends PKCE S256, state and nonce, and seals them with the return path', async () => {
    const { url, transaction, maxAgeSeconds } = await cognito.startLogin({ returnTo: '/docs/page?x=1' });
    const params = new URL(url).searchParams;
    expect(url.startsWith('https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/authorize?')).toBe(true);
    expect(Object.fromEntries(params)).toMatchObject({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://app.example.com/cb',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).not.toContain('docs');
    expect(maxAgeSeconds).toBe(600);
    const tx = await unseal<Record<string, string>>(transaction, transactionSecret, 'transaction');
    expect(tx).toMatchObject({
      state: params.get('state'),
      nonce: params.get('nonce'),
      returnTo: '/docs/page?x=1',
      redirectUri: 'https://app.example.com/cb',
    });
    expect(tx.verifier).toMatch(/^[\w-]{43,128}$/);
  });

  it('passes identity_provider, idp_identifier, prompt, login_hint and lang through', async () => {
    const a = new URL(
      (
        await cognito.startLogin({
          identityProvider: 'BeyondIdentity',
          prompt: 'login',
          loginHint: 'ann@example.com',
          lang: 'fr',
        })
      ).url,
    ).searchParams;
    expect(a.get('identity_provider')).toBe('BeyondIdentity');
    expect(a.get('prompt')).toBe('login');
    expect(a.get('login_hint')).toBe('ann@example.com');
    expect(a.get('lang')).toBe('fr');
    const b = new URL((await cognito.startLogin({ idpIdentifier: 'example.com' })).url).searchParams;
    expect(b.get('idp_identifier')).toBe('example.com');
    expect(b.has('identity_provider')).toBe(false);
  });

  it("names the login's returnTo in a failed callback's detail, and nothing when it had none", async () => {
    const { url, transaction } = await cognito.startLogin({ returnTo: 'https://front.example.com/done' });
    const state = new URL(url).searchParams.get('state');
    await expect(
      cognito.finishLogin(`https://app.example.com/cb?state=${state}&error=access_denied`, transaction),
    ).rejects.toMatchObject({
      code: 'FLOW_AUTHORIZATION_ERROR',
      detail: { oauthError: 'access_denied', returnTo: 'https://front.example.com/done' },
    });
    const bare = await cognito.startLogin();
    await expect(cognito.finishLogin('https://app.example.com/cb?state=forged', bare.transaction)).rejects.toSatisfy(
      (error: { code: string; detail: object }) =>
        error.code === 'FLOW_STATE_MISMATCH' && !('returnTo' in error.detail),
    );
  });

  it('never reuses state, nonce or verifier', async () => {
    const [a, b] = await Promise.all([cognito.startLogin(), cognito.startLogin()]);
    const pa = new URL(a.url).searchParams;
    const pb = new URL(b.url).searchParams;
    for (const name of ['state', 'nonce', 'code_challenge']) expect(pa.get(name)).not.toBe(pb.get(name));
  });

  it('needs a transaction secret and a redirect URI, and validates an override', async () => {
    const bare = createCognito({
      userPoolId: 'eu-west-1_AbC123xyZ',
      domain: 'myapp',
      clientId: 'client123',
      redirectUri: 'https://app.example.com/cb',
    });
    await expect(bare.startLogin()).rejects.toMatchObject({ code: 'CONFIG_REQUIRED', field: 'transactionSecret' });
    const noRedirect = createCognito({
      userPoolId: 'eu-west-1_AbC123xyZ',
      domain: 'myapp',
      clientId: 'client123',
      transactionSecret,
    });
    await expect(noRedirect.startLogin()).rejects.toMatchObject({ code: 'CONFIG_REQUIRED', field: 'redirectUri' });
    await expect(cognito.startLogin({ redirectUri: 'http://evil.example/cb' })).rejects.toMatchObject({
      code: 'CONFIG_INSECURE_URL',
    });
  });
});

describe('logoutUrl', () => {
  it("builds Cognito's /logout with client_id and logout_uri", () => {
    const url = new URL(cognito.logoutUrl());
    expect(url.origin + url.pathname).toBe('https://myapp.auth.eu-west-1.amazoncognito.com/logout');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client123',
      logout_uri: 'https://app.example.com/',
    });
    expect(
      new URL(cognito.logoutUrl({ logoutUri: 'https://app.example.com/bye' })).searchParams.get('logout_uri'),
    ).toBe('https://app.example.com/bye');
    expect(() => cognito.logoutUrl({ logoutUri: 'javascript:alert(1)' })).toThrow(/logoutUri/);
  });
});
