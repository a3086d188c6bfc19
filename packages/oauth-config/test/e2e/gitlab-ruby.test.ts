// GitLab's config checked by real Ruby: gitlab.rb evaluates to the JSON form, and OmniAuth's OAuth2 strategy signs in
// against the emulator with the generated client_options (request phase, hosted UI, token exchange, userInfo).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createVerifier, defineCognito } from '@cognito-connect/core';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { type GeneratedConfig, generateConfig } from '@cognito-connect/oauth-config';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { confidential, targetOptions } from '../support/fixtures.js';
import { withFiles } from '../support/parsers.js';
import { rubyReady, run } from '../support/tools.js';

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

describe.runIf(rubyReady())('GitLab with real Ruby', () => {
  test('gitlab.rb evaluates to exactly the JSON form', async () => {
    const config = generateConfig('gitlab', confidential, targetOptions.gitlab);
    expect(await evalGitlabRb(file(config, 'gitlab.rb'))).toEqual(config.json);
  });

  test('options that change the snippet still evaluate to the JSON form (federated IdP, no auto sign-up, custom name)', async () => {
    const settings = defineCognito({ ...confidential, identityProvider: 'BeyondIdentity' });
    const config = generateConfig('gitlab', settings, {
      ...targetOptions.gitlab,
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
    expect((rails.omniauth_providers as Array<{ app_secret: string }>)[0]?.app_secret).toBe('from-the-environment');
    await expect(
      evalGitlabRb(file(config, 'gitlab.rb'), { COGNITO_CLIENT_SECRET: undefined as unknown as string }),
    ).rejects.toThrow(/KeyError|key not found/);
  });

  describe('OmniAuth OAuth2 against the emulator', () => {
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
      config = generateConfig('gitlab', settings, { gitlabUrl });
      expect(config.callbackUrls).toEqual(client.callbackUrls);
    });
    afterAll(() => emulator?.stop());

    test('request phase → hosted UI → callback phase exchanges the code and reads userInfo', async () => {
      const result = await withFiles({ 'provider.json': file(config, 'cognito-provider.json') }, async (dir) => {
        const ruby = spawn('ruby', [support('omniauth-login.rb'), `${dir}/provider.json`], {
          env: { ...process.env, GITLAB_URL: gitlabUrl },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stderr = '';
        ruby.stderr.on('data', (chunk) => (stderr += chunk));
        const lines = createInterface({ input: ruby.stdout })[Symbol.asyncIterator]();
        const next = async () => {
          const line = await lines.next();
          if (line.done) throw new Error(`ruby ended early: ${stderr}`);
          return JSON.parse(line.value);
        };
        try {
          const { authorize } = (await next()) as { authorize: string };
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
          ruby.stdin.end(`${login.location}\n`);
          return (await next()) as {
            status: number;
            body: { uid: string; info: Record<string, string>; raw: Record<string, unknown>; access_token: string };
          };
        } finally {
          ruby.kill();
        }
      });

      expect(result.status, JSON.stringify(result.body)).toBe(200);
      expect(result.body.uid).toBe('0a1b2c3d-1111-4aaa-8bbb-000000000001');
      expect(result.body.info).toEqual({
        email: 'alice@example.com',
        name: 'alice@example.com',
        nickname: 'alice@example.com',
      });
      expect(result.body.raw).toMatchObject({ username: 'alice', email_verified: 'true' });
      // The token OmniAuth got is a genuine access token of this client.
      const verifier = createVerifier({
        userPoolId: settings.userPoolId,
        issuer: settings.issuer,
        clientId: settings.clientId,
        tokenUse: 'access',
      });
      await expect(verifier.verify(result.body.access_token)).resolves.toMatchObject({
        sub: result.body.uid,
        client_id: settings.clientId,
      });
    });
  });
});
