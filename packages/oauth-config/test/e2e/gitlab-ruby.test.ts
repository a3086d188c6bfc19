// GitLab's config checked by real Ruby: gitlab.rb evaluates to the JSON form, and OmniAuth's OAuth2 strategy signs in
// against the emulator with the generated client_options (request phase, hosted UI, token exchange, userInfo).
import { fileURLToPath } from 'node:url';
import { cognitoLogoutUrl, createVerifier, defineCognito } from '@cognito-connect/core';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { type GeneratedConfig, generateConfig } from '@cognito-connect/oauth-config';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CookieJar, followRedirects, signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { confidential, targetOptions } from '../support/fixtures.js';
import { driveLogin } from '../support/login-driver.js';
import { withFiles } from '../support/parsers.js';
import { rubyOidcReady, rubyReady, run } from '../support/tools.js';

const support = (name: string) => fileURLToPath(new URL(`../support/${name}`, import.meta.url));
const SEED = fileURLToPath(new URL('../../../../test-fixtures/emulator/seed.json', import.meta.url));
const file = (config: GeneratedConfig, path: string) => config.files.find((f) => f.path === path)?.contents as string;

/** gitlab_rails after Ruby evaluates the snippet. */
const evalGitlabRb = (contents: string, env: Record<string, string> = {}) =>
  withFiles(
    { 'gitlab.rb': contents },
    (dir) =>
      JSON.parse(run('ruby', [support('eval-gitlab-rb.rb'), `${dir}/gitlab.rb`], { env })) as Record<string, unknown>,
  );

/**
 * Runs a Ruby login script on the generated provider: it prints the authorize URL, `signIn` returns the callback URL the
 * browser reached, and the script prints the callback phase's result (then, for OpenID Connect, where logout goes).
 */
async function rubyLogin(
  script: string,
  config: GeneratedConfig,
  gitlabUrl: string,
  signIn: (authorize: string) => Promise<string>,
): Promise<{ status: number; body: Record<string, unknown>; logout?: { status: number; location: string } }> {
  return withFiles({ 'provider.json': file(config, 'cognito-provider.json') }, async (dir) => {
    const oidc = script !== 'omniauth-login.rb';
    const [result, logout] = (await driveLogin(
      'ruby',
      [support(script), `${dir}/provider.json`],
      { GITLAB_URL: gitlabUrl },
      signIn,
      oidc ? 2 : 1,
    )) as [{ status: number; body: Record<string, unknown> }, { logout: { status: number; location: string } }?];
    return oidc ? { ...result, logout: logout?.logout } : result;
  });
}

describe.runIf(rubyReady())('GitLab with real Ruby', () => {
  test('gitlab.rb evaluates to exactly the JSON form', async () => {
    const config = generateConfig('gitlab', confidential, targetOptions.gitlab);
    expect(await evalGitlabRb(file(config, 'gitlab.rb'))).toEqual(config.json);
  });

  test('options that change the snippet still evaluate to the JSON form (federated IdP, no auto sign-up, custom name)', async () => {
    const settings = defineCognito({ ...confidential, identityProvider: 'BeyondIdentity' });
    const config = generateConfig('gitlab', settings, {
      ...targetOptions.gitlab,
      strategy: 'oauth2_generic',
      providerName: 'acme_sso',
      label: "Acme's SSO (1)",
      allowSingleSignOn: false,
      blockAutoCreatedUsers: false,
    });
    const rails = await evalGitlabRb(file(config, 'gitlab.rb'));
    expect(rails).toEqual(config.json);
    expect(rails).toMatchObject({
      omniauth_allow_single_sign_on: false,
      omniauth_providers: [
        { label: "Acme's SSO (1)", args: { authorize_params: { identity_provider: 'BeyondIdentity' } } },
      ],
    });
  });

  test('env mode: gitlab.rb reads the secret with ENV.fetch, and refuses to run without it', async () => {
    const config = generateConfig('gitlab', confidential, { ...targetOptions.gitlab, secrets: 'env' });
    const rails = await evalGitlabRb(file(config, 'gitlab.rb'), { COGNITO_CLIENT_SECRET: 'from-the-environment' });
    const [provider] = rails.omniauth_providers as Array<{ args: { client_options: { secret: string } } }>;
    expect(provider?.args.client_options.secret).toBe('from-the-environment');
    const generic = generateConfig('gitlab', confidential, {
      ...targetOptions.gitlab,
      secrets: 'env',
      strategy: 'oauth2_generic',
    });
    const genericRails = await evalGitlabRb(file(generic, 'gitlab.rb'), { COGNITO_CLIENT_SECRET: 'from-env' });
    expect((genericRails.omniauth_providers as Array<{ app_secret: string }>)[0]?.app_secret).toBe('from-env');
    await expect(
      evalGitlabRb(file(config, 'gitlab.rb'), { COGNITO_CLIENT_SECRET: undefined as unknown as string }),
    ).rejects.toThrow(/KeyError|key not found/);
  });

  describe('OmniAuth OAuth2 (OAuth2Generic) against the emulator', () => {
    const gitlabUrl = 'http://localhost:8929';
    let emulator: Emulator;
    let config: GeneratedConfig;
    let settings: ReturnType<typeof defineCognito>;

    beforeAll(async () => {
      emulator = await startEmulator({ seed: SEED, port: 0 });
      const client = emulator.admin.addClient({
        name: 'GitLab',
        callbackUrls: [`${gitlabUrl}/users/auth/cognito/callback`],
        generateSecret: true,
      });
      settings = defineCognito(emulator.settingsFor(client.clientId));
      config = generateConfig('gitlab', settings, { gitlabUrl, strategy: 'oauth2_generic' });
      expect(config.callbackUrls).toEqual(client.callbackUrls);
    });
    afterAll(() => emulator?.stop());

    test('request phase → hosted UI → callback phase exchanges the code and reads userInfo', async () => {
      const result = await rubyLogin('omniauth-login.rb', config, gitlabUrl, async (authorize) => {
        const url = new URL(authorize);
        expect(url.origin + url.pathname).toBe(settings.endpoints.authorize);
        expect(Object.fromEntries(url.searchParams)).toMatchObject({
          client_id: settings.clientId,
          response_type: 'code',
          redirect_uri: `${gitlabUrl}/users/auth/cognito/callback`,
          scope: 'openid email profile',
        });
        expect(url.searchParams.get('state')).toMatch(/^[0-9a-f]{48}$/);
        const login = await signInWithHostedUi(authorize, { username: 'alice', password: 'Alice-password-1' });
        expect(new URL(login.location).searchParams.get('code')).toBeTruthy();
        return login.location;
      });
      const body = result.body as {
        uid: string;
        info: Record<string, string>;
        raw: Record<string, unknown>;
        access_token: string;
      };
      expect(result.status, JSON.stringify(body)).toBe(200);
      expect(body.uid).toBe('0a1b2c3d-1111-4aaa-8bbb-000000000001');
      expect(body.info).toEqual({
        email: 'alice@example.com',
        name: 'alice@example.com',
        nickname: 'alice@example.com',
      });
      expect(body.raw).toMatchObject({ username: 'alice', email_verified: 'true' });
      // The token OmniAuth got is a genuine access token of this client.
      const verifier = createVerifier({
        userPoolId: settings.userPoolId,
        issuer: settings.issuer,
        clientId: settings.clientId,
        tokenUse: 'access',
      });
      await expect(verifier.verify(body.access_token)).resolves.toMatchObject({
        sub: body.uid,
        client_id: settings.clientId,
      });
    });
  });

  describe.runIf(rubyOidcReady())(
    'OmniAuth OpenID Connect (the gem GitLab bundles, from Debian) against the emulator',
    () => {
      const gitlabUrl = 'http://localhost:8929';
      const ALICE_SUB = '0a1b2c3d-1111-4aaa-8bbb-000000000001';
      let emulator: Emulator;

      beforeAll(async () => {
        emulator = await startEmulator({ seed: SEED, port: 0 });
      });
      afterAll(() => emulator?.stop());

      const setUp = (extra: Partial<Parameters<typeof defineCognito>[0]> = {}) => {
        const client = emulator.admin.addClient({
          name: 'GitLab OIDC',
          callbackUrls: [`${gitlabUrl}/users/auth/cognito/callback`],
          logoutUrls: [`${gitlabUrl}/users/sign_in`],
          generateSecret: true,
          supportedIdentityProviders: extra.identityProvider ? [extra.identityProvider] : ['COGNITO'],
        });
        const settings = defineCognito({ ...emulator.settingsFor(client.clientId), ...extra });
        const config = generateConfig('gitlab', settings, { gitlabUrl });
        expect(config.callbackUrls).toEqual(client.callbackUrls);
        expect(config.logoutUrls).toEqual(client.logoutUrls);
        return { settings, config };
      };

      test('discovery, code + PKCE, the ID token verified by the gem, uid = sub, info from the claims', async () => {
        const { settings, config } = setUp();
        const result = await rubyLogin('omniauth-oidc-login.rb', config, gitlabUrl, async (authorize) => {
          const url = new URL(authorize);
          // The authorize endpoint came from discovery (the provider names only the issuer).
          expect(url.origin + url.pathname).toBe(settings.endpoints.authorize);
          expect(Object.fromEntries(url.searchParams)).toMatchObject({
            client_id: settings.clientId,
            response_type: 'code',
            redirect_uri: `${gitlabUrl}/users/auth/cognito/callback`,
            scope: 'openid email profile',
            code_challenge_method: 'S256',
          });
          expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
          expect(url.searchParams.get('nonce')).toBeTruthy();
          expect(url.searchParams.get('state')).toBeTruthy();
          const login = await signInWithHostedUi(authorize, { username: 'alice', password: 'Alice-password-1' });
          return login.location;
        });
        const body = result.body as {
          uid: string;
          info: Record<string, unknown>;
          raw_info: Record<string, unknown>;
          id_token: string;
          access_token: string;
          userinfo_email_verified: unknown;
          userinfo_strictly_valid: boolean;
        };
        expect(result.status, JSON.stringify(body)).toBe(200);
        expect(body.uid).toBe(ALICE_SUB);
        expect(body.info).toMatchObject({ email: 'alice@example.com', email_verified: true });
        // The ID token the gem verified is genuine, for this client, and carries the groups GitLab could map.
        const idVerifier = createVerifier({
          userPoolId: settings.userPoolId,
          issuer: settings.issuer,
          clientId: settings.clientId,
          tokenUse: 'id',
        });
        await expect(idVerifier.verify(body.id_token)).resolves.toMatchObject({
          sub: ALICE_SUB,
          aud: settings.clientId,
        });
        expect(body.raw_info).toMatchObject({ sub: ALICE_SUB, 'cognito:groups': ['admins'] });
        // Pitfall: userInfo alone says email_verified "true" (a string), which the gem's strict UserInfo model rejects;
        // the strategy merges the ID token's boolean over it.
        expect(body.userinfo_email_verified).toBe('true');
        expect(body.userinfo_strictly_valid).toBe(false);
      });

      test("sign-out: the gem's logout path cannot carry Cognito's parameters; GitLab's After sign-out path does", async () => {
        const { settings, config } = setUp();
        const jar = new CookieJar();
        const result = await rubyLogin('omniauth-oidc-login.rb', config, gitlabUrl, async (authorize) => {
          const login = await signInWithHostedUi(authorize, { username: 'alice', password: 'Alice-password-1' }, jar);
          return login.location;
        });
        expect(result.status).toBe(200);
        // With discovery on, the gem redirects its logout path to the discovered end_session_endpoint and rewrites the
        // query: Cognito's /logout would get no client_id or logout_uri. So the provider names no end_session_endpoint.
        const gemLogout = new URL(result.logout?.location as string);
        expect(gemLogout.origin + gemLogout.pathname).toBe(settings.endpoints.logout);
        expect(gemLogout.searchParams.has('client_id')).toBe(false);
        expect(
          JSON.parse(file(config, 'cognito-provider.json')).args.client_options.end_session_endpoint,
        ).toBeUndefined();

        // The note's After sign-out path is Cognito's logout for this client, and it really ends the session.
        const afterSignOut = cognitoLogoutUrl(settings.endpoints, settings.clientId, `${gitlabUrl}/users/sign_in`);
        expect(config.notes.join('\n')).toContain(afterSignOut);
        const authorize = `${settings.endpoints.authorize}?${new URLSearchParams({
          client_id: settings.clientId,
          response_type: 'code',
          redirect_uri: `${gitlabUrl}/users/auth/cognito/callback`,
          scope: 'openid',
          state: 'control',
        })}`;
        // Control: the Cognito session is alive (no form) until the After sign-out path is followed.
        expect(await followRedirects(authorize, jar, (url) => url.startsWith(gitlabUrl))).toMatch(/[?&]code=/);
        expect(await followRedirects(afterSignOut, jar, (url) => url.startsWith(gitlabUrl))).toBe(
          `${gitlabUrl}/users/sign_in`,
        );
        const form = await fetch(authorize, { headers: { cookie: jar.header(authorize) } });
        expect(await form.text()).toMatch(/name="pending"/);
      });

      test('federated: identity_provider goes to the authorize request, and the federated user signs in', async () => {
        const { settings, config } = setUp({ identityProvider: 'ExampleIdP' });
        const result = await rubyLogin('omniauth-oidc-login.rb', config, gitlabUrl, async (authorize) => {
          const url = new URL(authorize);
          expect(url.searchParams.get('identity_provider')).toBe('ExampleIdP');
          expect(url.searchParams.get('code_challenge_method')).toBe('S256');
          // The seed's stand-in IdP signs its user in without a form; Cognito then returns to GitLab.
          return followRedirects(authorize, new CookieJar(), (next) => next.startsWith(gitlabUrl));
        });
        const body = result.body as { uid: string; info: Record<string, unknown>; raw_info: Record<string, unknown> };
        expect(result.status, JSON.stringify(body)).toBe(200);
        expect(body.info).toMatchObject({ email: 'dana@example.org' });
        expect(body.raw_info).toMatchObject({ 'cognito:username': 'ExampleIdP_idp-user-0001', sub: body.uid });
        expect(body.raw_info.identities).toBeTruthy();
        expect(settings.identityProvider).toBe('ExampleIdP');
      });
    },
  );
});
