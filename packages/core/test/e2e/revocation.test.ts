// The opt-in revocation check for access tokens against the emulator: revoked at /oauth2/revoke, then refused.
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiAccessToken, cognitoApi } from '../../../../test-fixtures/support/cognito-api.js';
import { signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { type CognitoClientOptions, createCognito, defineCognito } from '../../src/index.js';

const SEED = new URL('../../../../test-fixtures/emulator/seed.json', import.meta.url).pathname;
const CALLBACK = 'http://127.0.0.1:4998/auth/callback';
const alice = { username: 'alice', password: 'Alice-password-1' };
let emulator: Emulator;
let clientId: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, port: 0 });
  clientId = emulator.admin.addClient({
    name: 'core-e2e-revocation',
    generateSecret: true,
    callbackUrls: [CALLBACK],
    allowedOAuthFlows: ['code'],
    allowedOAuthScopes: ['openid', 'email', 'profile'],
    supportedIdentityProviders: ['COGNITO'],
  }).clientId;
});
afterAll(() => emulator?.stop());
afterEach(() => vi.useRealTimers());

const cognito = (options: CognitoClientOptions = {}) =>
  createCognito(
    defineCognito({
      ...emulator.settingsFor(clientId),
      redirectUri: CALLBACK,
      transactionSecret: 'core-e2e-revocation-secret-0123456789abcdef',
    }),
    options,
  );

async function signedIn() {
  const client = cognito();
  const started = await client.startLogin();
  const { location } = await signInWithHostedUi(started.url, alice);
  return client.finishLogin(location, started.transaction);
}

describe('revocationCheck', () => {
  it('refuses an access token revoked at /oauth2/revoke, which signature checks alone still accept', async () => {
    const { tokens } = await signedIn();
    const checked = cognito({ revocationCheck: true });
    const plain = cognito();
    await expect(checked.verifyAccessToken(tokens.accessToken)).resolves.toMatchObject({ token_use: 'access' });

    await plain.revoke(tokens.refreshToken as string);

    // Without the check a revoked token stays valid until it expires: that is what the option is for.
    await expect(plain.verifyAccessToken(tokens.accessToken)).resolves.toMatchObject({ token_use: 'access' });
    await expect(cognito({ revocationCheck: true }).verifyAccessToken(tokens.accessToken)).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
    });
  });

  it('checks an Amplify (user-pool API) token with GetUser, which userInfo would refuse for lack of openid', async () => {
    const AccessToken = await apiAccessToken(emulator.url, 'public_spa_client', alice);
    const checked = cognito({ revocationCheck: { cacheSeconds: 0 }, acceptedClientIds: ['public_spa_client'] });
    await expect(checked.verifyAccessToken(AccessToken)).resolves.toMatchObject({ client_id: 'public_spa_client' });
    await cognitoApi(emulator.url, 'GlobalSignOut', { AccessToken });
    await expect(checked.verifyAccessToken(AccessToken)).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
      message: expect.stringContaining('GetUser'),
    });
  });

  it('remembers an accepted token for cacheSeconds only, then asks Cognito again', async () => {
    const { tokens } = await signedIn();
    const checked = cognito({ revocationCheck: { cacheSeconds: 30 } });
    await checked.verifyAccessToken(tokens.accessToken);
    await cognito().revoke(tokens.refreshToken as string);
    // Within the cache window the revocation is not seen yet (the documented cost of the cache)...
    await expect(checked.verifyAccessToken(tokens.accessToken)).resolves.toBeTruthy();
    // ...and once it has passed, it is.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31_000);
    await expect(checked.verifyAccessToken(tokens.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });
});
