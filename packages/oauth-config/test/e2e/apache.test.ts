// Debian's Apache httpd + mod_auth_openidc, configured only by the generated include, signs in against the emulator:
// login with PKCE, a protected page, access-token refresh, and a logout that really ends the Cognito session.
import { fileURLToPath } from 'node:url';
import { createVerifier, defineCognito } from '@cognito-connect/core';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { type GeneratedConfig, generateConfig } from '@cognito-connect/oauth-config';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CookieJar, followRedirects, signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { freePort } from '../../../../test-fixtures/support/ports.js';
import { type RunningApache, apacheConfigTest, startApache } from '../support/apache.js';
import { confidential, federated, publicClient, targetOptions } from '../support/fixtures.js';
import { Navigator } from '../support/navigator.js';
import { apacheReady } from '../support/tools.js';

const SEED = fileURLToPath(new URL('../../../../test-fixtures/emulator/seed.json', import.meta.url));
const ALICE = { username: 'alice', password: 'Alice-password-1' };
const ALICE_SUB = '0a1b2c3d-1111-4aaa-8bbb-000000000001';
const PAGE = '<h1>members only</h1>';
const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

const hasApache = apacheReady();

describe.runIf(hasApache)('apache2 -t reads every generated variant', () => {
  test.each([
    ['confidential', confidential, {}],
    ['public client (PKCE, token auth none)', publicClient, {}],
    ['federated IdP', federated, {}],
    [
      'client_secret_post, no refresh, no sign-out',
      defineCognito({ ...confidential, clientAuthMethod: 'client_secret_post' }),
      { refreshBeforeExpirySeconds: 0, signOut: false },
    ],
    ['secret from the environment', confidential, { secrets: 'env' }],
  ] as const)('%s', (_name, settings, extra) => {
    const config = generateConfig('apache', settings, { ...targetOptions.apache, ...extra });
    expect(() =>
      apacheConfigTest(config.files[0]?.contents as string, { COGNITO_CLIENT_SECRET: 'from-env' }),
    ).not.toThrow();
  });

  test('a broken directive is refused (the check can fail)', () => {
    expect(() => apacheConfigTest('OIDCPKCEMethod S257\n')).toThrow(/apache2 exited 1/);
  });
});

describe.runIf(hasApache)('Apache httpd with mod_auth_openidc against the emulator', () => {
  let emulator: Emulator;
  let apache: RunningApache;
  let config: GeneratedConfig;
  let settings: ReturnType<typeof defineCognito>;
  let siteUrl: string;
  const emulatorJar = new CookieJar();
  const browser = new Navigator();

  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED, port: 0 });
    const port = await freePort();
    siteUrl = `http://127.0.0.1:${port}`;
    const client = emulator.admin.addClient({
      name: 'Apache',
      callbackUrls: [`${siteUrl}/oidc/callback`],
      logoutUrls: [`${siteUrl}/`],
      generateSecret: true,
      // The shortest access token Cognito issues; refreshBeforeExpirySeconds equal to it refreshes at every request.
      tokenValidity: { idToken: 3600, accessToken: 300, refreshToken: 86_400 },
    });
    settings = defineCognito(emulator.settingsFor(client.clientId));
    config = generateConfig('apache', settings, { siteUrl, refreshBeforeExpirySeconds: 300 });
    expect(config.callbackUrls).toEqual(client.callbackUrls);
    expect(config.logoutUrls).toEqual(client.logoutUrls);
    apache = await startApache({
      port,
      include: config.files[0]?.contents as string,
      pages: { 'index.html': PAGE },
      // Test only: show what the module hands the application, so the test can see the user and each refresh.
      extra: [
        'Header always set X-Test-Access-Token "%{OIDC_access_token}e"',
        'Header always set X-Test-Email "%{OIDC_CLAIM_email}e"',
      ].join('\n'),
    });
  }, 60_000);
  afterAll(async () => {
    await apache?.stop();
    await emulator?.stop();
  });

  const verifier = () =>
    createVerifier({
      userPoolId: settings.userPoolId,
      issuer: settings.issuer,
      clientId: settings.clientId,
      tokenUse: 'access',
    });

  test('a fetch-style request (Sec-Fetch-Mode: cors) gets 401, not a redirect to sign in', async () => {
    const response = await fetch(`${siteUrl}/index.html`, { redirect: 'manual' });
    expect(response.status, apache.log()).toBe(401);
  });

  test('login with PKCE, the protected page, refresh twice, then logout ends the Cognito session', async () => {
    // 1. The protected page sends the browser to Cognito's authorize endpoint with PKCE, state and nonce.
    const start = await browser.get(`${siteUrl}/index.html`);
    expect(start.status, apache.log()).toBe(302);
    const authorize = new URL(start.location as string);
    expect(authorize.origin + authorize.pathname).toBe(settings.endpoints.authorize);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: settings.clientId,
      response_type: 'code',
      redirect_uri: `${siteUrl}/oidc/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    // 2. The hosted UI signs alice in and returns to the module's callback, which exchanges the code.
    const login = await signInWithHostedUi(authorize.href, ALICE, emulatorJar);
    expect(login.location.startsWith(`${siteUrl}/oidc/callback?`), login.page).toBe(true);
    const callback = await browser.get(login.location);
    expect(callback.status, `${callback.body}\n${apache.log()}`).toBe(302);
    expect(callback.location).toBe(`${siteUrl}/index.html`);

    // 3. The page is served to the signed-in user, with a genuine access token of this client.
    const page = await browser.get(`${siteUrl}/index.html`);
    expect(page.status, apache.log()).toBe(200);
    expect(page.body).toContain(PAGE);
    expect(header(page.headers['x-test-email'])).toBe('alice@example.com');
    const first = header(page.headers['x-test-access-token']);
    await expect(verifier().verify(first)).resolves.toMatchObject({ sub: ALICE_SUB, client_id: settings.clientId });

    // 4. OIDCRefreshAccessTokenBeforeExpiry refreshes; twice, although Cognito sends no new refresh token.
    const refreshed = await browser.get(`${siteUrl}/index.html`);
    const second = header(refreshed.headers['x-test-access-token']);
    expect(refreshed.status, apache.log()).toBe(200);
    expect(second).not.toBe(first);
    await expect(verifier().verify(second)).resolves.toMatchObject({ sub: ALICE_SUB });
    const again = await browser.get(`${siteUrl}/index.html`);
    const third = header(again.headers['x-test-access-token']);
    expect(again.status, apache.log()).toBe(200);
    expect(third).not.toBe(second);
    await expect(verifier().verify(third)).resolves.toMatchObject({ sub: ALICE_SUB });

    // Control: while the Cognito session lives, a new site session signs in without the form (SSO).
    const other = new Navigator();
    const sso = await other.get(`${siteUrl}/index.html`);
    const ssoCallback = await followRedirects(sso.location as string, emulatorJar, (url) => url.startsWith(siteUrl));
    expect(ssoCallback.startsWith(`${siteUrl}/oidc/callback?`)).toBe(true);

    // 5. Logout: the module ends its session and sends the browser to Cognito's /logout with client_id and logout_uri.
    const logout = await browser.get(`${siteUrl}/oidc/callback?logout=${encodeURIComponent(`${siteUrl}/`)}`);
    expect(logout.status, apache.log()).toBe(302);
    const endSession = new URL(logout.location as string);
    expect(endSession.origin + endSession.pathname).toBe(settings.endpoints.logout);
    expect(endSession.searchParams.get('client_id')).toBe(settings.clientId);
    expect(endSession.searchParams.get('logout_uri')).toBe(`${siteUrl}/`);
    const back = await followRedirects(endSession.href, emulatorJar, (url) => url.startsWith(siteUrl));
    expect(back).toBe(`${siteUrl}/`);

    // 6. The site session is gone, and so is Cognito's: the next login shows the sign-in form again.
    const after = await browser.get(back);
    expect(after.status).toBe(302);
    const form = await fetch(after.location as string, {
      headers: { cookie: emulatorJar.header(after.location as string) },
    });
    expect(form.status).toBe(200);
    expect(await form.text()).toMatch(/name="pending"/);
  });
});
