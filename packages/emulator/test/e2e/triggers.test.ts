// Lambda-style triggers as local modules, run alike for the user-pool API and the hosted UI.
import { readFile } from 'node:fs/promises';
import {
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type SeedInput, type TriggerEvent } from '../../src/index.js';
import { sdkClient } from '../api-support.js';
import { ALICE, CONFIDENTIAL, PUBLIC_ID, SEED_PATH, basic, claimsOf, exchange, postForm, signIn } from '../support.js';

const trigger = (name: string) => new URL(`../fixtures/triggers/${name}.mjs`, import.meta.url).pathname;
const events = () => ((globalThis as { triggerEvents?: TriggerEvent[] }).triggerEvents ??= []);

let emulator: Emulator;
let sdk: CognitoIdentityProviderClient;
beforeAll(async () => {
  const seed = JSON.parse(await readFile(SEED_PATH, 'utf8')) as SeedInput;
  emulator = await startEmulator({
    seed: {
      ...seed,
      triggers: {
        preSignUp: trigger('pre-sign-up'),
        postConfirmation: trigger('post-confirmation'),
        preAuthentication: trigger('pre-authentication'),
        preTokenGeneration: trigger('pre-token-generation'),
      },
    },
  });
  sdk = sdkClient(emulator);
}, 60_000);
afterAll(() => emulator.stop());
beforeEach(() => {
  events().length = 0;
});

const passwordSignIn = (username: string, password: string) =>
  sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: PUBLIC_ID,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );

describe('preTokenGeneration (V2)', () => {
  it('adds, overrides and suppresses claims and overrides groups in API tokens', async () => {
    const { AuthenticationResult: result } = await passwordSignIn(ALICE.username, ALICE.password);
    const id = claimsOf(result!.IdToken!);
    expect(id).toMatchObject({ tenant: 'acme', given_name: 'Overridden', 'cognito:groups': ['everyone', 'admins'] });
    expect(id).not.toHaveProperty('family_name');
    expect(id.sub).toBeTruthy(); // reserved: a trigger cannot suppress sub
    const access = claimsOf(result!.AccessToken!);
    expect(access).toMatchObject({ role: 'reader', scope: 'aws.cognito.signin.user.admin reports-api/read' });
    const event = events().find((e) => e.triggerSource.startsWith('TokenGeneration_'));
    expect(event).toMatchObject({
      version: '2',
      triggerSource: 'TokenGeneration_Authentication',
      region: 'us-east-1',
      userPoolId: emulator.userPoolId,
      userName: 'alice',
      callerContext: { clientId: PUBLIC_ID },
      request: {
        userAttributes: { email: 'alice@example.com', 'cognito:user_status': 'CONFIRMED' },
        groupConfiguration: { groupsToOverride: ['admins'] },
        scopes: ['aws.cognito.signin.user.admin'],
      },
    });
  });

  it('runs for hosted-UI sign-ins too', async () => {
    const tokens = await exchange(emulator, await signIn(emulator));
    expect(claimsOf(tokens.id_token!)).toMatchObject({ tenant: 'acme', 'cognito:groups': ['everyone', 'admins'] });
    expect(claimsOf(tokens.access_token)).toMatchObject({ role: 'reader' });
    expect(events().map((e) => e.triggerSource)).toContain('TokenGeneration_HostedAuth');
  });

  it('runs with the refresh source for a refresh at /oauth2/token, as Cognito does', async () => {
    const tokens = await exchange(emulator, await signIn(emulator));
    events().length = 0;
    const response = await postForm(
      `${emulator.url}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
      { authorization: basic(CONFIDENTIAL.id, CONFIDENTIAL.secret) },
    );
    expect(response.status).toBe(200);
    const refreshed = (await response.json()) as { id_token: string };
    expect(claimsOf(refreshed.id_token)).toMatchObject({ tenant: 'acme' });
    expect(events().map((e) => e.triggerSource)).toEqual(['TokenGeneration_RefreshTokens']);
  });
});

describe('preAuthentication', () => {
  it('refuses a sign-in on the API (UserLambdaValidationException) and in the hosted UI', async () => {
    await expect(passwordSignIn('carol', 'Carol-password-1')).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreAuthentication failed with error Carol is on holiday.',
    });
    await expect(signIn(emulator, { user: { username: 'carol', password: 'Carol-password-1' } })).rejects.toThrow();
    expect(events().filter((e) => e.triggerSource === 'PreAuthentication_Authentication')).toHaveLength(2);
  });
});

describe('preSignUp and postConfirmation', () => {
  it('auto-confirms and auto-verifies when the trigger says so', async () => {
    const result = await sdk.send(
      new SignUpCommand({
        ClientId: PUBLIC_ID,
        Username: 'trusted',
        Password: 'Trusted-password-1',
        UserAttributes: [{ Name: 'email', Value: 'trusted@trusted.example' }],
      }),
    );
    expect(result.UserConfirmed).toBe(true);
    const { AuthenticationResult } = await passwordSignIn('trusted', 'Trusted-password-1');
    expect(claimsOf(AuthenticationResult!.IdToken!)).toMatchObject({ email_verified: true });
    expect(events()[0]).toMatchObject({
      triggerSource: 'PreSignUp_SignUp',
      request: { userAttributes: { email: 'trusted@trusted.example' } },
      response: { autoConfirmUser: true },
    });
  });

  it('refuses a sign-up the trigger rejects', async () => {
    await expect(
      sdk.send(new SignUpCommand({ ClientId: PUBLIC_ID, Username: 'blocked', Password: 'Blocked-password-1' })),
    ).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Sign-ups from blocked are closed.',
    });
  });

  it('runs postConfirmation after ConfirmSignUp', async () => {
    await sdk.send(
      new SignUpCommand({
        ClientId: PUBLIC_ID,
        Username: 'lena',
        Password: 'Lena-password-1',
        UserAttributes: [{ Name: 'email', Value: 'lena@example.com' }],
      }),
    );
    const code = emulator.admin.confirmationCodes('lena')[0]?.code ?? '';
    await sdk.send(new ConfirmSignUpCommand({ ClientId: PUBLIC_ID, Username: 'lena', ConfirmationCode: code }));
    expect(events().find((e) => e.triggerSource === 'PostConfirmation_ConfirmSignUp')).toMatchObject({
      userName: 'lena',
      request: {
        userAttributes: { email: 'lena@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
      },
    });
  });
});
