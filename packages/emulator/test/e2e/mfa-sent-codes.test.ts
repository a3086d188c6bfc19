// SMS and e-mail one-time codes as MFA factors (SMS_MFA, EMAIL_OTP) over HTTP: the API's challenges and the hosted UI's
// code page, with the codes read from the emulator's outbox over its admin API (GET /__emulator/users/:username/codes).
import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  GetUserCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/index.js';
import { passwordSignIn, sdkClient } from '../api-support.js';
import { signInToStep, submitStep } from '../step-support.js';
import { CALLBACK, PUBLIC_ID, SEED_PATH } from '../support.js';

let emulator: Emulator;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED_PATH, port: 0 });
  sdk = sdkClient(emulator);
}, 60_000);
afterAll(() => emulator?.stop());

/** The user's live code for `purpose`, read from the outbox over the admin API, as a test or developer would. */
async function outboxCode(username: string, purpose: 'SMS_MFA' | 'EMAIL_OTP'): Promise<string | undefined> {
  const response = await fetch(`${emulator.url}/__emulator/users/${username}/codes`);
  const codes = (await response.json()) as { purpose: string; code: string; expiresAt: number }[];
  return codes.find((c) => c.purpose === purpose)?.code;
}

/** A six-digit code that is not `code`. */
const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

const addUser = (username: string, attributes: Record<string, string>) =>
  emulator.admin.addUser({ username, password: 'Mfa-password-1', attributes });

const enable = (username: string, settings: 'SMSMfaSettings' | 'EmailMfaSettings', preferred = false) =>
  sdk.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: emulator.userPoolId,
      Username: username,
      [settings]: { Enabled: true, PreferredMfa: preferred },
    }),
  );

const answer = (
  username: string,
  name: 'SMS_MFA' | 'EMAIL_OTP' | 'SELECT_MFA_TYPE',
  session: string,
  responses: Record<string, string>,
) =>
  sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: PUBLIC_ID,
      ChallengeName: name,
      Session: session,
      ChallengeResponses: { USERNAME: username, ...responses },
    }),
  );
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'signed in',
    (error: Error) => `${error.name}: ${error.message}`,
  );

describe('SMS_MFA and EMAIL_OTP in the user-pool API', () => {
  it('sends an SMS code to the phone, takes it once, and marks the phone number verified', async () => {
    addUser('sam', { phone_number: '+15555550188', phone_number_verified: 'false' });
    await enable('sam', 'SMSMfaSettings');
    const started = await passwordSignIn(sdk, 'sam', 'Mfa-password-1');
    expect(started.ChallengeName).toBe('SMS_MFA');
    expect(started.ChallengeParameters).toMatchObject({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
      CODE_DELIVERY_DESTINATION: '+*******0188',
    });
    const code = (await outboxCode('sam', 'SMS_MFA'))!;
    expect(code).toMatch(/^\d{6}$/);
    await expect(answer('sam', 'SMS_MFA', started.Session!, { SMS_MFA_CODE: otherThan(code) })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
    // A wrong code leaves the session usable.
    const done = await answer('sam', 'SMS_MFA', started.Session!, { SMS_MFA_CODE: code });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    // Used up: gone from the outbox, and refused in the next sign-in's challenge.
    expect(await outboxCode('sam', 'SMS_MFA')).not.toBe(code);
    const again = await passwordSignIn(sdk, 'sam', 'Mfa-password-1');
    const fresh = (await outboxCode('sam', 'SMS_MFA'))!;
    if (fresh !== code)
      await expect(answer('sam', 'SMS_MFA', again.Session!, { SMS_MFA_CODE: code })).rejects.toMatchObject({
        name: 'CodeMismatchException',
      });
    const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: emulator.userPoolId, Username: 'sam' }));
    expect(user.UserAttributes).toContainEqual({ Name: 'phone_number_verified', Value: 'true' });
    expect(user.UserMFASettingList).toEqual(['SMS_MFA']);
    expect(user.PreferredMfaSetting).toBe('SMS_MFA');
  });

  it('sends an e-mail code for EMAIL_OTP, answered as EMAIL_OTP_CODE', async () => {
    addUser('erin', { email: 'erin@example.com' });
    await enable('erin', 'EmailMfaSettings');
    const started = await passwordSignIn(sdk, 'erin', 'Mfa-password-1');
    expect(started.ChallengeName).toBe('EMAIL_OTP');
    expect(started.ChallengeParameters).toMatchObject({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
      CODE_DELIVERY_DESTINATION: 'e***@e***',
    });
    const done = await answer('erin', 'EMAIL_OTP', started.Session!, {
      EMAIL_OTP_CODE: (await outboxCode('erin', 'EMAIL_OTP'))!,
    });
    const me = await sdk.send(new GetUserCommand({ AccessToken: done.AuthenticationResult!.AccessToken! }));
    expect(me.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
  });

  it('refuses to enable a factor without an address to send it to', async () => {
    addUser('nophone', { email: 'nophone@example.com' });
    await expect(enable('nophone', 'SMSMfaSettings')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'User does not have delivery config set to turn on SMS_MFA',
    });
  });

  it('asks a user with two factors and none preferred to choose (SELECT_MFA_TYPE), then sends the chosen code', async () => {
    addUser('dual', { email: 'dual@example.com', phone_number: '+15555550199' });
    await enable('dual', 'SMSMfaSettings');
    await enable('dual', 'EmailMfaSettings');
    const started = await passwordSignIn(sdk, 'dual', 'Mfa-password-1');
    expect(started.ChallengeName).toBe('SELECT_MFA_TYPE');
    expect(JSON.parse(started.ChallengeParameters!.MFAS_CAN_CHOOSE!)).toEqual(['SMS_MFA', 'EMAIL_OTP']);
    const chosen = await answer('dual', 'SELECT_MFA_TYPE', started.Session!, { ANSWER: 'EMAIL_OTP' });
    expect(chosen.ChallengeName).toBe('EMAIL_OTP');
    const done = await answer('dual', 'EMAIL_OTP', chosen.Session!, {
      EMAIL_OTP_CODE: (await outboxCode('dual', 'EMAIL_OTP'))!,
    });
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
    // A preferred factor is used without asking.
    await enable('dual', 'SMSMfaSettings', true);
    expect((await passwordSignIn(sdk, 'dual', 'Mfa-password-1')).ChallengeName).toBe('SMS_MFA');
  });

  it('expires the code with the challenge after three minutes (AWS: the authentication session duration)', async () => {
    addUser('slow', { phone_number: '+15555550177' });
    await enable('slow', 'SMSMfaSettings');
    const started = await passwordSignIn(sdk, 'slow', 'Mfa-password-1');
    const code = (await outboxCode('slow', 'SMS_MFA'))!;
    emulator.admin.advanceClock(181);
    expect(await outboxCode('slow', 'SMS_MFA')).toBeUndefined();
    expect(await outcome(answer('slow', 'SMS_MFA', started.Session!, { SMS_MFA_CODE: code }))).toBe(
      'NotAuthorizedException: Invalid session for the user, session is expired.',
    );
  });

  it('counts wrong codes towards the lockout: after five, even the right password is refused for a while', async () => {
    addUser('locky', { email: 'locky@example.com' });
    await enable('locky', 'EmailMfaSettings');
    const wrongAnswer = async (session: string) =>
      outcome(
        answer('locky', 'EMAIL_OTP', session, {
          EMAIL_OTP_CODE: otherThan((await outboxCode('locky', 'EMAIL_OTP'))!),
        }),
      );
    const first = await passwordSignIn(sdk, 'locky', 'Mfa-password-1');
    for (let failure = 1; failure <= 3; failure++)
      expect(await wrongAnswer(first.Session!)).toBe('CodeMismatchException: Invalid code received for user');
    // The third wrong code ended the session.
    expect(await wrongAnswer(first.Session!)).toBe(
      'NotAuthorizedException: Invalid session for the user, session is expired.',
    );
    const second = await passwordSignIn(sdk, 'locky', 'Mfa-password-1');
    for (let failure = 4; failure <= 5; failure++)
      expect(await wrongAnswer(second.Session!)).toBe('CodeMismatchException: Invalid code received for user');
    // Take it to a 32-second lockout (1, 2, 4, 8, 16 s after failures 5…9), so the check below has time to run.
    for (let failure = 6; failure <= 10; failure++) {
      emulator.admin.advanceClock(2 ** (failure - 6));
      const fresh = await passwordSignIn(sdk, 'locky', 'Mfa-password-1');
      expect(await wrongAnswer(fresh.Session!)).toBe('CodeMismatchException: Invalid code received for user');
    }
    expect(await outcome(passwordSignIn(sdk, 'locky', 'Mfa-password-1'))).toBe(
      'NotAuthorizedException: Password attempts exceeded',
    );
    emulator.admin.advanceClock(32);
    const after = await passwordSignIn(sdk, 'locky', 'Mfa-password-1');
    const code = (await outboxCode('locky', 'EMAIL_OTP'))!;
    expect(await outcome(answer('locky', 'EMAIL_OTP', after.Session!, { EMAIL_OTP_CODE: code }))).toBe('signed in');
  });
});

describe('SMS and e-mail MFA at the hosted UI', () => {
  it('shows where the code went, refuses a wrong one, and signs in with the one from the outbox', async () => {
    addUser('hugo', { email: 'hugo@example.com', phone_number: '+15555550166' });
    await enable('hugo', 'SMSMfaSettings');
    const step = await signInToStep(emulator, 'hugo', 'Mfa-password-1');
    expect(step.action).toBe('/mfaSms');
    expect(/id="codeDestination">([^<]*)</.exec(step.html)?.[1]).toBe('+*******0166');
    const code = (await outboxCode('hugo', 'SMS_MFA'))!;
    const wrong = await submitStep(emulator, step, { code: otherThan(code) });
    expect(wrong.status).toBe(400);
    expect(/id="mfaErrorMessage">([^<]*)</.exec(await wrong.text())?.[1]).toBe('Invalid code received for user');
    const right = await submitStep(emulator, step, { code });
    expect(right.status).toBe(302);
    const landed = new URL(right.headers.get('location')!);
    expect(`${landed.origin}${landed.pathname}`).toBe(CALLBACK);
    expect(landed.searchParams.get('code')).toBeTruthy();
    // The form key is used up.
    expect((await submitStep(emulator, step, { code })).status).toBe(400);
  });

  it('asks for an e-mail code on /mfaEmail', async () => {
    addUser('ivy', { email: 'ivy@example.com' });
    await enable('ivy', 'EmailMfaSettings');
    const step = await signInToStep(emulator, 'ivy', 'Mfa-password-1');
    expect(step.action).toBe('/mfaEmail');
    expect(/id="codeDestination">([^<]*)</.exec(step.html)?.[1]).toBe('i***@e***');
    const right = await submitStep(emulator, step, { code: (await outboxCode('ivy', 'EMAIL_OTP'))! });
    expect(right.status).toBe(302);
  });
});
