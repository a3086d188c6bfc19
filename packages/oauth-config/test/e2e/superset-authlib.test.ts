// Superset's OAuth as Flask-AppBuilder runs it: the generated remote_app registered in Debian's Authlib Flask client,
// a full login against the emulator, then the generated security manager's user-info mapping on the real response.
import { fileURLToPath } from 'node:url';
import { defineCognito } from '@cognito-connect/core';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { generateConfig } from '@cognito-connect/oauth-config';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { driveLogin } from '../support/login-driver.js';
import { withFiles } from '../support/parsers.js';
import { DEBIAN_PYTHON, authlibReady } from '../support/tools.js';

const SEED = fileURLToPath(new URL('../../../../test-fixtures/emulator/seed.json', import.meta.url));
const HARNESS = fileURLToPath(new URL('../support/authlib-superset.py', import.meta.url));
const supersetUrl = 'http://localhost:8088';

interface Result {
  status: number;
  body: { user: Record<string, unknown>; token_keys: string[]; id_token_claims: Record<string, unknown> } | string;
}

describe.runIf(authlibReady())('Superset remote_app in a real Authlib Flask client against the emulator', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED, port: 0 });
  });
  afterAll(() => emulator?.stop());

  const login = async (clientAuthMethod: 'client_secret_basic' | 'client_secret_post') => {
    const client = emulator.admin.addClient({
      name: 'Superset',
      callbackUrls: [`${supersetUrl}/oauth-authorized/cognito`],
      generateSecret: true,
    });
    const settings = defineCognito({ ...emulator.settingsFor(client.clientId), clientAuthMethod });
    const config = generateConfig('superset', settings, {
      supersetUrl,
      roleGroups: { admins: ['Admin'], editors: ['Alpha'] },
    });
    expect(config.callbackUrls).toEqual(client.callbackUrls);
    const [result] = (await withFiles({ 'superset_config.py': config.files[0]?.contents as string }, (dir) =>
      driveLogin(DEBIAN_PYTHON, [HARNESS, `${dir}/superset_config.py`, supersetUrl], {}, async (authorize) => {
        const url = new URL(authorize);
        expect(url.origin + url.pathname).toBe(settings.endpoints.authorize);
        expect(Object.fromEntries(url.searchParams)).toMatchObject({
          client_id: settings.clientId,
          response_type: 'code',
          redirect_uri: `${supersetUrl}/oauth-authorized/cognito`,
          scope: 'openid email profile',
          code_challenge_method: 'S256',
        });
        expect(url.searchParams.get('nonce')).toBeTruthy();
        const signedIn = await signInWithHostedUi(authorize, { username: 'alice', password: 'Alice-password-1' });
        return signedIn.location;
      }),
    )) as [Result];
    return { result, settings };
  };

  test.each(['client_secret_basic', 'client_secret_post'] as const)(
    'code + PKCE exchanged with %s, ID token verified by Authlib, user mapped from userInfo and cognito:groups',
    async (method) => {
      const { result, settings } = await login(method);
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      const body = result.body as Exclude<Result['body'], string>;
      expect(body.token_keys).toEqual(
        expect.arrayContaining(['access_token', 'id_token', 'refresh_token', 'userinfo']),
      );
      // Authlib parsed and verified the ID token (signature from the discovered JWKS, issuer, audience, nonce).
      expect(body.id_token_claims).toMatchObject({
        iss: settings.issuer,
        aud: settings.clientId,
        'cognito:groups': ['admins'],
      });
      // What superset_config.py documents: username from userInfo, email, role keys from cognito:groups.
      expect(body.user).toEqual({ username: 'alice', email: 'alice@example.com', role_keys: ['admins'] });
    },
  );
});
