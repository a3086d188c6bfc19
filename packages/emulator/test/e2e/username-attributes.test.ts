// A pool whose users sign in with their e-mail address (Cognito's UsernameAttributes): SignUp and AdminCreateUser
// generate the username (the sub), sign-in takes the address in the API and the hosted UI, and one confirmed account
// owns each address (UsernameExistsException, AliasExistsException).
import { readFile } from 'node:fs/promises';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/index.js';
import { passwordSignIn, sdkClient } from '../api-support.js';
import { PUBLIC_ID, SEED_PATH, claimsOf, signIn } from '../support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PASSWORD = 'Email-password-1';

let emulator: Emulator;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  const seed = JSON.parse(await readFile(SEED_PATH, 'utf8')) as { userPool: Record<string, unknown> };
  seed.userPool.usernameAttributes = ['email'];
  emulator = await startEmulator({ seed: seed as never, port: 0 });
  sdk = sdkClient(emulator);
}, 60_000);
afterAll(() => emulator?.stop());

const signUp = (email: string) =>
  sdk.send(new SignUpCommand({ ClientId: PUBLIC_ID, Username: email, Password: PASSWORD }));
/** Confirms with the sign-up code from the admin API's outbox, naming the user by `name` (address or username). */
const confirm = (name: string) =>
  sdk.send(
    new ConfirmSignUpCommand({
      ClientId: PUBLIC_ID,
      Username: name,
      ConfirmationCode: emulator.admin.confirmationCodes(name).find((c) => c.purpose === 'SignUp')!.code,
    }),
  );

describe('UsernameAttributes: email', () => {
  it('signs a user up by e-mail under a generated username (the sub), then signs in with the address', async () => {
    const { UserSub } = await signUp('zoe@example.com');
    expect(UserSub).toMatch(UUID);
    await confirm('zoe@example.com');
    const user = await sdk.send(
      new AdminGetUserCommand({ UserPoolId: emulator.userPoolId, Username: 'zoe@example.com' }),
    );
    expect(user.Username).toBe(UserSub);
    expect(user.UserAttributes).toContainEqual({ Name: 'email', Value: 'zoe@example.com' });
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });

    const tokens = (await passwordSignIn(sdk, 'ZOE@example.com', PASSWORD)).AuthenticationResult!;
    expect(claimsOf(tokens.AccessToken!).username).toBe(UserSub);
    expect(claimsOf(tokens.IdToken!)['cognito:username']).toBe(UserSub);
    const hosted = await signIn(emulator, { user: { username: 'zoe@example.com', password: PASSWORD } });
    expect(hosted.code).toBeTruthy();
  });

  it('refuses a username that is not an e-mail address', async () => {
    await expect(signUp('just-a-name')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Username should be an email.',
    });
  });

  it('one confirmed account per address: UsernameExistsException at sign-up, AliasExistsException at confirmation', async () => {
    await signUp('yan@example.com');
    await confirm('yan@example.com');
    await expect(signUp('yan@example.com')).rejects.toMatchObject({
      name: 'UsernameExistsException',
      message: 'An account with the given email already exists.',
    });
    // Two unconfirmed sign-ups of one address: the first to confirm owns it.
    const first = await signUp('xia@example.com');
    const second = await signUp('xia@example.com');
    expect(second.UserSub).not.toBe(first.UserSub);
    await confirm(first.UserSub!);
    await expect(confirm(second.UserSub!)).rejects.toMatchObject({ name: 'AliasExistsException' });
    // Nor can a signed-in user take another's address.
    const yan = (await passwordSignIn(sdk, 'yan@example.com', PASSWORD)).AuthenticationResult!.AccessToken!;
    await expect(
      sdk.send(
        new UpdateUserAttributesCommand({
          AccessToken: yan,
          UserAttributes: [{ Name: 'email', Value: 'xia@example.com' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'AliasExistsException',
      message: 'An account with the given email already exists.',
    });
  });

  it('AdminCreateUser generates the username too', async () => {
    const { User } = await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: emulator.userPoolId,
        Username: 'wes@example.com',
        TemporaryPassword: 'Temp-password-1',
        MessageAction: 'SUPPRESS',
      }),
    );
    expect(User?.Username).toMatch(UUID);
    expect(User?.Attributes).toContainEqual({ Name: 'email', Value: 'wes@example.com' });
    expect((await passwordSignIn(sdk, 'wes@example.com', 'Temp-password-1')).ChallengeName).toBe(
      'NEW_PASSWORD_REQUIRED',
    );
  });
});
