// The hosted UI's password steps over HTTP: a temporary password or an admin reset must set a new password before the code.
import { readFile } from 'node:fs/promises';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { startEmulator, type Emulator } from '../../src/index.js';
import { passwordSignIn as signInWithPassword, sdkClient } from '../api-support.js';
import { signInToStep as signInWith, submitStep, type StepPage } from '../step-support.js';
import { CALLBACK, CONFIDENTIAL, PUBLIC_ID, SEED_PATH, authorizeUrl, claimsOf, exchange } from '../support.js';

let emulator: Emulator;
let sdk: CognitoIdentityProviderClient;
let pool: string;

beforeAll(async () => {
  // The seeded pool, with `given_name` required, so a user created without one must supply it at the password step.
  const seed = JSON.parse(await readFile(SEED_PATH, 'utf8')) as { userPool: Record<string, unknown> };
  seed.userPool.requiredAttributes = ['given_name'];
  emulator = await startEmulator({ seed: seed as never, port: 0 });
  sdk = sdkClient(emulator);
  pool = emulator.userPoolId;
}, 60_000);
afterAll(() => emulator.stop());

const passwordSignIn = (username: string, password: string) => signInWithPassword(sdk, username, password);

/** `AdminCreateUser` with the temporary password `Temp-password-1` (status FORCE_CHANGE_PASSWORD). */
const createWithTemporaryPassword = (username: string, attributes: Record<string, string>) =>
  sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: pool,
      Username: username,
      TemporaryPassword: 'Temp-password-1',
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      MessageAction: 'SUPPRESS',
    }),
  );

const statusOf = async (username: string) =>
  (await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: username }))).UserStatus;

const signInToStep = (username: string, password: string) => signInWith(emulator, username, password);
const submit = (step: StepPage, fields: Record<string, string>, cookie?: string) =>
  submitStep(emulator, step, fields, cookie);

const errorOn = (html: string) => /id="passwordErrorMessage">([^<]*)</.exec(html)?.[1];

describe('FORCE_CHANGE_PASSWORD at the hosted UI', () => {
  it('asks for a new password and the missing required attribute, then issues the code with the original state', async () => {
    await createWithTemporaryPassword('frank', { email: 'frank@example.com' });
    // The API half is unchanged: the same user still gets NEW_PASSWORD_REQUIRED, naming the missing attribute.
    const challenge = await passwordSignIn('frank', 'Temp-password-1');
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(JSON.parse(challenge.ChallengeParameters!.requiredAttributes!)).toEqual(['userAttributes.given_name']);

    const step = await signInToStep('frank', 'Temp-password-1');
    expect(step.action).toBe('/changePassword');
    expect(step.html).toContain('<h1>Change Password</h1>');
    expect(step.html).toContain('name="userAttributes.given_name"');
    expect(await statusOf('frank')).toBe('FORCE_CHANGE_PASSWORD');
    // Protected like the sign-in form: strict CSP, no framing, and the step bound to this browser by a cookie that
    // scripts cannot read and cross-site requests do not carry.
    expect(step.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(step.headers.get('x-frame-options')).toBe('DENY');
    expect(step.headers.get('cache-control')).toBe('no-store');
    expect(step.headers.getSetCookie().join('\n')).toMatch(
      /cognito-password-step=[\w-]{43};.*HttpOnly.*SameSite=Strict/,
    );

    const weak = await submit(step, { newPassword: 'alllowercase1!', confirmPassword: 'alllowercase1!' });
    expect(weak.status).toBe(400);
    const weakPage = await weak.text();
    expect(errorOn(weakPage)).toBe('Password did not conform with policy: Password must have uppercase characters');
    expect(weak.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);

    const mismatch = await submit(step, { newPassword: 'Frank-password-2', confirmPassword: 'Frank-password-3' });
    expect(errorOn(await mismatch.text())).toBe('Password does not match the confirm password.');
    const noName = await submit(step, { newPassword: 'Frank-password-2', confirmPassword: 'Frank-password-2' });
    expect(errorOn(await noName.text())).toBe('The attribute given_name is required.');
    expect(await statusOf('frank')).toBe('FORCE_CHANGE_PASSWORD');

    const done = await submit(step, {
      newPassword: 'Frank-password-2',
      confirmPassword: 'Frank-password-2',
      'userAttributes.given_name': 'Frank',
    });
    expect(done.status).toBe(302);
    const landed = new URL(done.headers.get('location')!);
    expect(`${landed.origin}${landed.pathname}`).toBe(CALLBACK);
    expect(landed.searchParams.get('state')).toBe(step.state);
    const tokens = await exchange(emulator, {
      code: landed.searchParams.get('code')!,
      state: step.state,
      verifier: step.verifier,
      location: landed,
    });
    expect(claimsOf(tokens.id_token!)).toMatchObject({ 'cognito:username': 'frank', given_name: 'Frank' });

    expect(await statusOf('frank')).toBe('CONFIRMED');
    // The new password is the password now, in both halves; the temporary one is gone.
    expect((await passwordSignIn('frank', 'Frank-password-2')).AuthenticationResult?.AccessToken).toBeTruthy();
    await expect(passwordSignIn('frank', 'Temp-password-1')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    // A used form cannot be posted again.
    const replay = await submit(step, {
      newPassword: 'Frank-password-4',
      confirmPassword: 'Frank-password-4',
      'userAttributes.given_name': 'Mallory',
    });
    expect(replay.status).toBe(400);
  });

  it('refuses the form key from a browser that did not start the step (CSRF), and keeps it usable for its own', async () => {
    await createWithTemporaryPassword('grace', { given_name: 'Grace' });
    const step = await signInToStep('grace', 'Temp-password-1');
    // Nothing to supply: the user has every required attribute.
    expect(step.html).not.toContain('name="userAttributes.');
    const fields = { newPassword: 'Grace-password-2', confirmPassword: 'Grace-password-2' };

    // A cross-site form post carries no SameSite=Strict cookie; another browser carries its own.
    const noCookie = await submit(step, fields, '');
    expect(noCookie.status).toBe(400);
    expect(await noCookie.text()).toContain('This page has expired or was already used.');
    const other = await signInToStep('grace', 'Temp-password-1');
    expect(other.jar.header(emulator.url)).not.toBe(step.jar.header(emulator.url));
    expect((await submit(step, fields, other.jar.header(emulator.url))).status).toBe(400);
    // A change-password key is not a reset key either.
    const wrongStep = await fetch(`${emulator.url}/confirmForgotPassword`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: step.jar.header(emulator.url) },
      body: new URLSearchParams({ pending: step.pending, code: '000000', ...fields }),
    });
    expect(wrongStep.status).toBe(400);
    expect(await statusOf('grace')).toBe('FORCE_CHANGE_PASSWORD');

    const done = await submit(step, fields);
    expect(done.status).toBe(302);
    expect(new URL(done.headers.get('location')!).searchParams.get('state')).toBe(step.state);
    expect(await statusOf('grace')).toBe('CONFIRMED');
    const login = await signInWithHostedUi(
      authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, state: 's', prompt: 'login' }),
      { username: 'grace', password: 'Grace-password-2' },
    );
    expect(new URL(login.location).searchParams.get('code')).toBeTruthy();
  });

  it('still refuses a wrong temporary password with the usual message', async () => {
    await createWithTemporaryPassword('heidi', { given_name: 'Heidi' });
    const wrong = await signInWithHostedUi(authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, state: 's' }), {
      username: 'heidi',
      password: 'Temp-password-2',
    });
    expect(wrong.page).toContain('Incorrect username or password.');
    expect(wrong.page).not.toContain('Change Password');
  });
});

describe('RESET_REQUIRED at the hosted UI', () => {
  it('shows the reset-with-code page, takes the code from the admin API, then issues the code with the state', async () => {
    await createWithTemporaryPassword('ivan', { email: 'ivan@example.com', given_name: 'Ivan' });
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: pool,
        Username: 'ivan',
        Password: 'Ivan-password-1',
        Permanent: true,
      }),
    );
    await sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: 'ivan' }));
    await expect(passwordSignIn('ivan', 'Ivan-password-1')).rejects.toMatchObject({
      name: 'PasswordResetRequiredException',
    });

    const step = await signInToStep('ivan', 'Ivan-password-1');
    expect(step.action).toBe('/confirmForgotPassword');
    expect(step.html).toContain('<h1>Reset your password</h1>');
    // Masked, as Cognito says where it sent the code; the code itself is never on the page.
    expect(step.html).toContain('i***@e***');
    const codes = (await (await fetch(`${emulator.url}/__emulator/users/ivan/codes`)).json()) as {
      purpose: string;
      code: string;
    }[];
    const code = codes.find((c) => c.purpose === 'ForgotPassword')!.code;
    expect(step.html).not.toContain(code);

    const wrong = await submit(step, {
      code: code === '000000' ? '000001' : '000000',
      newPassword: 'Ivan-password-2',
      confirmPassword: 'Ivan-password-2',
    });
    expect(wrong.status).toBe(400);
    expect(errorOn(await wrong.text())).toBe('Invalid verification code provided, please try again.');
    const weak = await submit(step, { code, newPassword: 'short', confirmPassword: 'short' });
    expect(errorOn(await weak.text())).toBe('Password did not conform with policy: Password not long enough');
    expect(await statusOf('ivan')).toBe('RESET_REQUIRED');

    const done = await submit(step, { code, newPassword: 'Ivan-password-2', confirmPassword: 'Ivan-password-2' });
    expect(done.status).toBe(302);
    const landed = new URL(done.headers.get('location')!);
    expect(landed.searchParams.get('state')).toBe(step.state);
    expect(landed.searchParams.get('code')).toBeTruthy();
    expect(await statusOf('ivan')).toBe('CONFIRMED');
    expect((await passwordSignIn('ivan', 'Ivan-password-2')).AuthenticationResult?.AccessToken).toBeTruthy();
    // The reset code was used up.
    expect(emulator.admin.confirmationCodes('ivan')).toEqual([]);
  });
});

describe('required attributes in the API', () => {
  it('SignUp refuses a user without a required attribute, naming it', async () => {
    await expect(
      sdk.send(
        new SignUpCommand({
          ClientId: PUBLIC_ID,
          Username: 'judy',
          Password: 'Judy-password-1',
          UserAttributes: [{ Name: 'email', Value: 'judy@example.com' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Attributes did not conform to the schema: given_name: The attribute is required',
    });
  });
});
