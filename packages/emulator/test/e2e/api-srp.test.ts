// SRP-6a as Cognito does it, judged by amazon-cognito-identity-js (a client nobody here wrote): password, then TOTP MFA.
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { TOTP, Secret } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/index.js';
import { tokenVerifier } from '../token-verifier.js';
import { PUBLIC_ID, startSeeded } from '../support.js';

let emulator: Emulator;
let userPool: CognitoUserPool;
beforeAll(async () => {
  emulator = await startSeeded();
  userPool = new CognitoUserPool({
    UserPoolId: emulator.userPoolId,
    ClientId: PUBLIC_ID,
    endpoint: `${emulator.url}/`,
  });
}, 60_000);
afterAll(() => emulator.stop());

type Outcome =
  | { kind: 'success'; session: CognitoUserSession }
  | { kind: 'totp'; user: CognitoUser }
  | { kind: 'failure'; error: Error & { code?: string } };

/** One `authenticateUser` call (SRP by default), settled by whichever callback the library picks. */
function srpSignIn(user: CognitoUser, password: string): Promise<Outcome> {
  return new Promise((resolve) => {
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), {
      onSuccess: (session) => resolve({ kind: 'success', session }),
      onFailure: (error: Error & { code?: string }) => resolve({ kind: 'failure', error }),
      totpRequired: () => resolve({ kind: 'totp', user }),
    });
  });
}

const cognitoUser = (username: string) => new CognitoUser({ Username: username, Pool: userPool });
const codeFor = (secret: string, shiftSeconds = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + shiftSeconds * 1000 });

describe('USER_SRP_AUTH with amazon-cognito-identity-js', () => {
  it('signs in by SRP; aws-jwt-verify accepts the tokens', async () => {
    const outcome = await srpSignIn(cognitoUser('alice'), 'Alice-password-1');
    if (outcome.kind !== 'success') throw new Error(`expected success, got ${outcome.kind}`);
    const access = await tokenVerifier(emulator, 'access', PUBLIC_ID).verify(
      outcome.session.getAccessToken().getJwtToken(),
    );
    expect(access).toMatchObject({ username: 'alice', scope: 'aws.cognito.signin.user.admin' });
    await tokenVerifier(emulator, 'id', PUBLIC_ID).verify(outcome.session.getIdToken().getJwtToken());
  });

  it('refuses a wrong password at the PASSWORD_VERIFIER step', async () => {
    const outcome = await srpSignIn(cognitoUser('alice'), 'Not-her-password-1');
    expect(outcome).toMatchObject({
      kind: 'failure',
      error: { code: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    });
  });

  it('refuses a claim signed for another moment (TIMESTAMP checked)', async () => {
    emulator.admin.advanceClock(3600);
    try {
      const outcome = await srpSignIn(cognitoUser('alice'), 'Alice-password-1');
      expect(outcome).toMatchObject({ kind: 'failure', error: { code: 'NotAuthorizedException' } });
    } finally {
      emulator.admin.advanceClock(-3600);
    }
  });

  it('associates TOTP, then an SRP sign-in asks for SOFTWARE_TOKEN_MFA and accepts the right code', async () => {
    const bob = cognitoUser('bob');
    const first = await srpSignIn(bob, 'Bob-password-1');
    if (first.kind !== 'success') throw new Error(`expected success, got ${first.kind}`);
    const secret = await new Promise<string>((resolve, reject) =>
      bob.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
    );
    await new Promise((resolve, reject) =>
      bob.verifySoftwareToken(codeFor(secret), 'phone', { onSuccess: resolve, onFailure: reject }),
    );
    await new Promise((resolve, reject) =>
      bob.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );

    const again = cognitoUser('bob');
    const challenged = await srpSignIn(again, 'Bob-password-1');
    expect(challenged.kind).toBe('totp');
    const wrong = await new Promise<Outcome>((resolve) =>
      again.sendMFACode(
        '000000' === codeFor(secret) ? '111111' : '000000',
        {
          onSuccess: (session) => resolve({ kind: 'success', session }),
          onFailure: (error: Error & { code?: string }) => resolve({ kind: 'failure', error }),
        },
        'SOFTWARE_TOKEN_MFA',
      ),
    );
    expect(wrong).toMatchObject({ kind: 'failure', error: { code: 'CodeMismatchException' } });

    // Each code works once: the one that verified the token cannot sign in, the authenticator's next one can.
    emulator.admin.advanceClock(30);
    try {
      const third = cognitoUser('bob');
      expect((await srpSignIn(third, 'Bob-password-1')).kind).toBe('totp');
      const session = await new Promise<CognitoUserSession>((resolve, reject) =>
        third.sendMFACode(codeFor(secret, 30), { onSuccess: resolve, onFailure: reject }, 'SOFTWARE_TOKEN_MFA'),
      );
      await tokenVerifier(emulator, 'access', PUBLIC_ID).verify(session.getAccessToken().getJwtToken());
    } finally {
      emulator.admin.advanceClock(-30);
    }
  });
});
