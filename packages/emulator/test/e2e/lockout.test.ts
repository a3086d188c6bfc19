// Cognito's lockout after repeated wrong passwords, over HTTP: the API and the hosted UI count together and refuse
// even the right password while the user is locked out.
import { RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { startEmulator, type Emulator } from '../../src/index.js';
import { passwordSignIn, sdkClient } from '../api-support.js';
import { CONFIDENTIAL, PUBLIC_ID, SEED_PATH, authorizeUrl } from '../support.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** The authenticator's code at the emulator's time (the tests move its clock by `moved` seconds). */
let moved = 0;
const codeAt = (shift: number) =>
  new TOTP({ secret: Secret.fromBase32(SECRET) }).generate({ timestamp: Date.now() + (moved + shift) * 1000 });
const codeNow = () => codeAt(0);
/** A code the emulator accepts for no step around now. */
const wrongCode = () => {
  const valid = new Set([-30, 0, 30].map(codeAt));
  return ['000000', '111111', '222222', '333333'].find((code) => !valid.has(code))!;
};
/** Moves the emulator's clock, remembering how far. */
const advance = (seconds: number) => {
  emulator.admin.advanceClock(seconds);
  moved += seconds;
};

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED_PATH, port: 0 });
  emulator.admin.addUser({ username: 'mallory-target', password: 'Target-password-1' });
}, 60_000);
afterAll(() => emulator?.stop());

const RIGHT = 'Target-password-1';

/** The hosted UI's answer to one sign-in: the callback (signed in) or the form's error. */
async function hostedUi(password: string, username = 'mallory-target'): Promise<string> {
  const url = authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, state: 's' });
  const result = await signInWithHostedUi(url, { username, password });
  return result.page ? (/id="loginErrorMessage">([^<]*)</.exec(result.page)?.[1] ?? result.page) : 'signed in';
}

const api = (password: string, username = 'mallory-target') =>
  passwordSignIn(sdkClient(emulator), username, password).then(
    () => 'signed in',
    (error: Error) => `${error.name}: ${error.message}`,
  );

describe('lockout after failed password sign-ins', () => {
  it('five wrong passwords (API and hosted UI together) lock the user out, the right password too, for a while', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const answer = attempt % 2 ? await api(`Wrong-password-${attempt}`) : await hostedUi(`Wrong-${attempt}`);
      expect(answer).toMatch(/Incorrect username or password\./);
    }
    // Locked for 2^(n-5) seconds after the n-th failure: let each lockout pass (on the emulator's clock) and fail
    // again, up to a 32-second lockout, long enough for the next requests to land inside it.
    for (let failure = 6; failure <= 10; failure++) {
      advance(2 ** (failure - 6));
      expect(await api(`Wrong-password-${failure}`)).toBe('NotAuthorizedException: Incorrect username or password.');
    }
    expect(await api(RIGHT)).toBe('NotAuthorizedException: Password attempts exceeded');
    expect(await hostedUi(RIGHT)).toBe('Password attempts exceeded');

    advance(32);
    expect(await hostedUi(RIGHT)).toBe('signed in');
    // A success starts the count again: one wrong password is just a wrong password.
    expect(await api('Wrong-password-11')).toBe('NotAuthorizedException: Incorrect username or password.');
    expect(await api(RIGHT)).toBe('signed in');
  });

  it('wrong MFA codes count too: after five, neither the password nor the right code signs in until the lockout ends', async () => {
    emulator.admin.addUser({ username: 'mfa-target', password: 'Target-password-1', totpSecret: SECRET });
    const sdk = sdkClient(emulator);
    const answer = (session: string, code: string) =>
      sdk
        .send(
          new RespondToAuthChallengeCommand({
            ClientId: PUBLIC_ID,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: session,
            ChallengeResponses: { USERNAME: 'mfa-target', SOFTWARE_TOKEN_MFA_CODE: code },
          }),
        )
        .then(
          () => 'signed in',
          (error: Error) => `${error.name}: ${error.message}`,
        );
    const wrong = wrongCode();
    // The right password each time does not wipe the count of wrong codes: two sessions, three and two wrong codes.
    const first = await passwordSignIn(sdk, 'mfa-target', RIGHT);
    for (let attempt = 1; attempt <= 3; attempt++)
      expect(await answer(first.Session!, wrong)).toBe('CodeMismatchException: Invalid code received for user');
    const second = await passwordSignIn(sdk, 'mfa-target', RIGHT);
    expect(second.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    for (let failure = 4; failure <= 5; failure++)
      expect(await answer(second.Session!, wrong)).toBe('CodeMismatchException: Invalid code received for user');
    // Locked out (one second after the fifth failure): take it to a 32-second lockout as above.
    for (let failure = 6; failure <= 10; failure++) {
      advance(2 ** (failure - 6));
      const fresh = await passwordSignIn(sdk, 'mfa-target', RIGHT);
      expect(await answer(fresh.Session!, wrongCode())).toBe('CodeMismatchException: Invalid code received for user');
    }
    const live = await passwordSignIn(sdk, 'mfa-target', RIGHT).then(
      (started) => started,
      (error: Error) => error,
    );
    expect(live).toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    advance(32);
    const after = await passwordSignIn(sdk, 'mfa-target', RIGHT);
    expect(await answer(after.Session!, codeNow())).toBe('signed in');
  });

  it('locks out an unknown username the same way, so the lockout does not tell users apart', async () => {
    for (let failure = 1; failure <= 5; failure++)
      expect(await api(`Guess-${failure}`, 'no-such-user')).toBe(
        'NotAuthorizedException: Incorrect username or password.',
      );
    for (let failure = 6; failure <= 10; failure++) {
      advance(2 ** (failure - 6));
      expect(await hostedUi(`Guess-${failure}`, 'no-such-user')).toBe('Incorrect username or password.');
    }
    expect(await api('Guess-11', 'no-such-user')).toBe('NotAuthorizedException: Password attempts exceeded');
    expect(await hostedUi('Guess-12', 'No-Such-User')).toBe('Password attempts exceeded');
  });
});
