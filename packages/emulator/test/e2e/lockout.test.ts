// Cognito's lockout after repeated wrong passwords, over HTTP: the API and the hosted UI count together and refuse
// even the right password while the user is locked out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { startEmulator, type Emulator } from '../../src/index.js';
import { passwordSignIn, sdkClient } from '../api-support.js';
import { CONFIDENTIAL, SEED_PATH, authorizeUrl } from '../support.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED_PATH, port: 0 });
  emulator.admin.addUser({ username: 'mallory-target', password: 'Target-password-1' });
}, 60_000);
afterAll(() => emulator?.stop());

const RIGHT = 'Target-password-1';

/** The hosted UI's answer to one sign-in: the callback (signed in) or the form's error. */
async function hostedUi(password: string): Promise<string> {
  const url = authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, state: 's' });
  const result = await signInWithHostedUi(url, { username: 'mallory-target', password });
  return result.page ? (/id="loginErrorMessage">([^<]*)</.exec(result.page)?.[1] ?? result.page) : 'signed in';
}

const api = (password: string) =>
  passwordSignIn(sdkClient(emulator), 'mallory-target', password).then(
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
      emulator.admin.advanceClock(2 ** (failure - 6));
      expect(await api(`Wrong-password-${failure}`)).toBe('NotAuthorizedException: Incorrect username or password.');
    }
    expect(await api(RIGHT)).toBe('NotAuthorizedException: Password attempts exceeded');
    expect(await hostedUi(RIGHT)).toBe('Password attempts exceeded');

    emulator.admin.advanceClock(32);
    expect(await hostedUi(RIGHT)).toBe('signed in');
    // A success starts the count again: one wrong password is just a wrong password.
    expect(await api('Wrong-password-11')).toBe('NotAuthorizedException: Incorrect username or password.');
    expect(await api(RIGHT)).toBe('signed in');
  });
});
