// The pool's MfaConfiguration OFF and OPTIONAL, as Cognito applies them: OFF asks nobody for a second factor (not even a
// user with a token) and refuses software tokens; OPTIONAL asks only users who enabled a factor.
import { readFile } from 'node:fs/promises';
import {
  AssociateSoftwareTokenCommand,
  DescribeUserPoolCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/index.js';
import { passwordSignIn, sdkClient } from '../api-support.js';
import { signInToStep } from '../step-support.js';
import { ALICE, SEED_PATH, signIn } from '../support.js';

const TINA = { username: 'tina', password: 'Tina-password-1' };
const TINA_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NO_TOTP = {
  name: 'SoftwareTokenMFANotFoundException',
  message: 'Software Token MFA has not been enabled by the userPool',
};

/** An emulator on the shared seed with `mfaConfiguration` and a user (tina) who has software-token MFA enabled. */
async function startWith(mfaConfiguration: 'OFF' | 'OPTIONAL'): Promise<Emulator> {
  const seed = JSON.parse(await readFile(SEED_PATH, 'utf8')) as {
    userPool: Record<string, unknown>;
    users: Record<string, unknown>[];
  };
  seed.userPool.mfaConfiguration = mfaConfiguration;
  seed.users.push({ ...TINA, attributes: { email: 'tina@example.com' }, totpSecret: TINA_SECRET });
  return startEmulator({ seed: seed as never, port: 0 });
}

describe('MfaConfiguration OFF', () => {
  let emulator: Emulator;
  let sdk: CognitoIdentityProviderClient;
  beforeAll(async () => {
    emulator = await startWith('OFF');
    sdk = sdkClient(emulator);
  }, 60_000);
  afterAll(() => emulator?.stop());

  it('is what DescribeUserPool reports', async () => {
    const described = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: emulator.userPoolId }));
    expect(described.UserPool?.MfaConfiguration).toBe('OFF');
  });

  it('signs a user with an enabled software token in without a challenge, in the API and the hosted UI', async () => {
    const api = await passwordSignIn(sdk, TINA.username, TINA.password);
    expect(api.ChallengeName).toBeUndefined();
    expect(api.AuthenticationResult?.AccessToken).toBeTruthy();
    const hosted = await signIn(emulator, { user: TINA });
    expect(hosted.code).toBeTruthy();
  });

  it('refuses AssociateSoftwareToken, VerifySoftwareToken and enabling a token with SoftwareTokenMFANotFoundException', async () => {
    const token = (await passwordSignIn(sdk, ALICE.username, ALICE.password)).AuthenticationResult!.AccessToken!;
    await expect(sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).rejects.toMatchObject(NO_TOTP);
    await expect(
      sdk.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: '123456' })),
    ).rejects.toMatchObject(NO_TOTP);
    await expect(
      sdk.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: token,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      ),
    ).rejects.toMatchObject(NO_TOTP);
    // Turning a factor off is always allowed.
    const tina = (await passwordSignIn(sdk, TINA.username, TINA.password)).AuthenticationResult!.AccessToken!;
    await sdk.send(
      new SetUserMFAPreferenceCommand({ AccessToken: tina, SoftwareTokenMfaSettings: { Enabled: false } }),
    );
  });
});

describe('MfaConfiguration OPTIONAL', () => {
  let emulator: Emulator;
  let sdk: CognitoIdentityProviderClient;
  beforeAll(async () => {
    emulator = await startWith('OPTIONAL');
    sdk = sdkClient(emulator);
  }, 60_000);
  afterAll(() => emulator?.stop());

  it('challenges only users who enabled a factor, from the moment they enable it until they turn it off', async () => {
    expect((await passwordSignIn(sdk, TINA.username, TINA.password)).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect((await signInToStep(emulator, TINA.username, TINA.password)).action).toBe('/mfa');

    const signedIn = await passwordSignIn(sdk, ALICE.username, ALICE.password);
    expect(signedIn.ChallengeName).toBeUndefined();
    const token = signedIn.AuthenticationResult!.AccessToken!;
    const { SecretCode } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: token }));
    const code = new TOTP({ secret: Secret.fromBase32(SecretCode!) }).generate({ timestamp: Date.now() });
    await sdk.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: code }));
    // Verified but not enabled: OPTIONAL still does not ask.
    expect((await passwordSignIn(sdk, ALICE.username, ALICE.password)).ChallengeName).toBeUndefined();
    await sdk.send(
      new SetUserMFAPreferenceCommand({ AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true } }),
    );
    expect((await passwordSignIn(sdk, ALICE.username, ALICE.password)).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    await sdk.send(
      new SetUserMFAPreferenceCommand({ AccessToken: token, SoftwareTokenMfaSettings: { Enabled: false } }),
    );
    expect((await passwordSignIn(sdk, ALICE.username, ALICE.password)).ChallengeName).toBeUndefined();
    expect((await signIn(emulator, { user: ALICE })).code).toBeTruthy();
  });
});
