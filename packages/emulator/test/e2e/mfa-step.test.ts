// The hosted UI's TOTP MFA step over HTTP: a user with software-token MFA must give the code after the password.
import { readFile } from 'node:fs/promises';
import {
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/index.js';
import { passwordSignIn, sdkClient } from '../api-support.js';
import { nextStep, signInToStep, submitStep, type StepPage } from '../step-support.js';
import { CALLBACK, PUBLIC_ID, SEED_PATH, claimsOf, exchange } from '../support.js';

/** The seeded user's authenticator secret: the test computes its codes as an authenticator app would. */
const TINA_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let emulator: Emulator;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  const seed = JSON.parse(await readFile(SEED_PATH, 'utf8')) as { users: Record<string, unknown>[] };
  seed.users.push({
    username: 'tina',
    password: 'Tina-password-1',
    attributes: { email: 'tina@example.com', email_verified: true },
    totpSecret: TINA_SECRET,
  });
  emulator = await startEmulator({ seed: seed as never, port: 0 });
  sdk = sdkClient(emulator);
}, 60_000);
afterAll(() => emulator.stop());

/** How far the tests moved the emulator's clock: each code works once, so every new sign-in waits for the next one. */
let shifted = 0;

/** The code an authenticator shows now, by the emulator's clock. */
const codeFor = (secret: string, shiftSeconds = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({
    timestamp: Date.now() + (shifted + shiftSeconds) * 1000,
  });

/** Waits (on the emulator's clock) for the authenticator's next code, which no sign-in has used yet. */
function nextCode(secret: string): string {
  emulator.admin.advanceClock(30);
  shifted += 30;
  return codeFor(secret);
}

/** A six-digit code that is not the secret's code for any step the emulator accepts (now, one before, one after). */
function wrongCode(secret: string, shiftSeconds = 0): string {
  const valid = new Set([-30, 0, 30].map((drift) => codeFor(secret, shiftSeconds + drift)));
  return ['000000', '111111', '222222', '333333'].find((code) => !valid.has(code))!;
}

/** Answers an API SOFTWARE_TOKEN_MFA challenge with `code`, for the seed's public client. */
const respondWithCode = (session: string, username: string, code: string) =>
  sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: PUBLIC_ID,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: session,
      ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
    }),
  );

const mfaErrorOn = (html: string) => /id="mfaErrorMessage">([^<]*)</.exec(html)?.[1];

/** Where a finished step sent the browser: the app's callback with `code` and `state`. */
function landedAt(response: Response): URL {
  expect(response.status).toBe(302);
  const landed = new URL(response.headers.get('location')!);
  expect(`${landed.origin}${landed.pathname}`).toBe(CALLBACK);
  return landed;
}

async function tokensOf(step: StepPage, response: Response) {
  const landed = landedAt(response);
  expect(landed.searchParams.get('state')).toBe(step.state);
  return exchange(emulator, {
    code: landed.searchParams.get('code')!,
    state: step.state,
    verifier: step.verifier,
    location: landed,
  });
}

describe('SOFTWARE_TOKEN_MFA at the hosted UI', () => {
  it('asks a seeded TOTP user for the code after the password, refuses a wrong one, then issues the code', async () => {
    // The API half asks for the code too: the hosted UI is no way around MFA.
    const challenge = await passwordSignIn(sdk, 'tina', 'Tina-password-1');
    expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect(challenge.AuthenticationResult).toBeUndefined();

    const step = await signInToStep(emulator, 'tina', 'Tina-password-1');
    expect(step.action).toBe('/mfa');
    expect(step.html).toContain('<h1>Multi-factor authentication</h1>');
    expect(step.html).toContain('name="code"');
    // Protected like the password steps: strict CSP, no framing, no caching, bound to this browser.
    expect(step.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(step.headers.get('x-frame-options')).toBe('DENY');
    expect(step.headers.get('cache-control')).toBe('no-store');
    expect(step.headers.getSetCookie().join('\n')).toMatch(
      /cognito-password-step=[\w-]{43};.*HttpOnly.*SameSite=Strict/,
    );
    // No hosted-UI session yet: a second authorize in this browser shows the sign-in form again.
    expect(step.headers.getSetCookie().join('\n')).not.toMatch(/(^|\n)cognito=/);

    const wrong = await submitStep(emulator, step, { code: wrongCode(TINA_SECRET) });
    expect(wrong.status).toBe(400);
    const wrongPage = await wrong.text();
    expect(mfaErrorOn(wrongPage)).toBe('Invalid code received for user');
    expect(wrongPage).toContain('action="/mfa"');
    const malformed = await submitStep(emulator, step, { code: 'abc<script>' });
    expect(mfaErrorOn(await malformed.text())).toBe('Invalid code received for user');

    const done = await submitStep(emulator, step, { code: nextCode(TINA_SECRET) });
    const tokens = await tokensOf(step, done);
    expect(claimsOf(tokens.id_token!)).toMatchObject({ 'cognito:username': 'tina', email: 'tina@example.com' });
    // The sign-in started the hosted-UI session, as a finished password sign-in does.
    expect(done.headers.getSetCookie().join('\n')).toMatch(/(^|\n)cognito=/);
    // A used step cannot be posted again, not even with a fresh code.
    const replay = await submitStep(emulator, step, { code: nextCode(TINA_SECRET) });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('This page has expired or was already used.');
  });

  it('refuses the form key from another browser or a cross-site post (no SameSite=Strict cookie)', async () => {
    const step = await signInToStep(emulator, 'tina', 'Tina-password-1');
    const code = { code: nextCode(TINA_SECRET) };
    expect((await submitStep(emulator, step, code, '')).status).toBe(400);
    const other = await signInToStep(emulator, 'tina', 'Tina-password-1');
    expect(other.jar.header(emulator.url)).not.toBe(step.jar.header(emulator.url));
    expect((await submitStep(emulator, step, code, other.jar.header(emulator.url))).status).toBe(400);
    // The MFA key is no password-step key either.
    const asPasswordStep = await submitStep(
      emulator,
      { ...step, action: '/changePassword' },
      {
        newPassword: 'Tina-password-2',
        confirmPassword: 'Tina-password-2',
      },
    );
    expect(asPasswordStep.status).toBe(400);
    // Its own browser still finishes it.
    landedAt(await submitStep(emulator, step, code));
  });

  it('ends the step after three wrong codes, as an API challenge session ends', async () => {
    const step = await signInToStep(emulator, 'tina', 'Tina-password-1');
    for (let attempt = 1; attempt < 3; attempt++) {
      const wrong = await submitStep(emulator, step, { code: wrongCode(TINA_SECRET) });
      expect(mfaErrorOn(await wrong.text())).toBe('Invalid code received for user');
    }
    const third = await submitStep(emulator, step, { code: wrongCode(TINA_SECRET) });
    expect(third.status).toBe(400);
    const thirdPage = await third.text();
    expect(thirdPage).toContain('Invalid session for the user, session is expired.');
    expect(thirdPage).not.toContain('action="/mfa"');
    const late = await submitStep(emulator, step, { code: nextCode(TINA_SECRET) });
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('This page has expired or was already used.');
  });

  it('lasts three minutes, like an API challenge session', async () => {
    const step = await signInToStep(emulator, 'tina', 'Tina-password-1');
    emulator.admin.advanceClock(181);
    try {
      const late = await submitStep(emulator, step, { code: codeFor(TINA_SECRET, 181) });
      expect(late.status).toBe(400);
      expect(await late.text()).toContain('This page has expired or was already used.');
    } finally {
      emulator.admin.advanceClock(-181);
    }
  });

  it('refuses the code once the user is disabled between the password and the code', async () => {
    const step = await signInToStep(emulator, 'tina', 'Tina-password-1');
    emulator.admin.setUserEnabled('tina', false);
    try {
      expect((await submitStep(emulator, step, { code: nextCode(TINA_SECRET) })).status).toBe(400);
    } finally {
      emulator.admin.setUserEnabled('tina', true);
    }
  });

  it('asks a user who enabled TOTP through the API, and asks again after a forced new password', async () => {
    const first = await passwordSignIn(sdk, 'carol', 'Carol-password-1');
    const accessToken = first.AuthenticationResult!.AccessToken!;

    const { SecretCode } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    const wrongVerify = sdk.send(
      new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: wrongCode(SecretCode!) }),
    );
    await expect(wrongVerify).rejects.toMatchObject({
      name: 'EnableSoftwareTokenMFAException',
      message: 'Code mismatch and fail enable Software Token MFA',
    });
    const verifiedWith = codeFor(SecretCode!);
    await sdk.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: verifiedWith }));
    // Verified but not enabled: still no MFA, in either half.
    expect((await passwordSignIn(sdk, 'carol', 'Carol-password-1')).AuthenticationResult).toBeTruthy();
    await expect(signInToStep(emulator, 'carol', 'Carol-password-1')).rejects.toThrow(/no step form \(status 302\)/);
    await sdk.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );

    // The code that verified the token is used up: it cannot answer a sign-in's challenge as well.
    const replayed = await passwordSignIn(sdk, 'carol', 'Carol-password-1');
    await expect(respondWithCode(replayed.Session!, 'carol', verifiedWith)).rejects.toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid code received for user',
    });

    const step = await signInToStep(emulator, 'carol', 'Carol-password-1');
    expect(step.action).toBe('/mfa');
    landedAt(await submitStep(emulator, step, { code: nextCode(SecretCode!) }));

    // A temporary password first, then the code: the API answers NEW_PASSWORD_REQUIRED and then SOFTWARE_TOKEN_MFA.
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: emulator.userPoolId,
        Username: 'carol',
        Password: 'Temp-password-1',
        Permanent: false,
      }),
    );
    const change = await signInToStep(emulator, 'carol', 'Temp-password-1');
    expect(change.action).toBe('/changePassword');
    const changed = await submitStep(emulator, change, {
      newPassword: 'Carol-password-2',
      confirmPassword: 'Carol-password-2',
    });
    expect(changed.status).toBe(200);
    const mfa = await nextStep(emulator, change, changed);
    expect(mfa.action).toBe('/mfa');
    const tokens = await tokensOf(mfa, await submitStep(emulator, mfa, { code: nextCode(SecretCode!) }));
    expect(claimsOf(tokens.id_token!)).toMatchObject({ 'cognito:username': 'carol' });

    const api = await passwordSignIn(sdk, 'carol', 'Carol-password-2');
    expect(api.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const answered = await sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: PUBLIC_ID,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: api.Session,
        ChallengeResponses: { USERNAME: 'carol', SOFTWARE_TOKEN_MFA_CODE: nextCode(SecretCode!) },
      }),
    );
    expect(answered.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});

describe('each TOTP code works once (RFC 6238 §5.2), in the hosted UI and the API alike', () => {
  it('a code that signed in at the hosted UI is refused in another browser and in the API, within its window', async () => {
    const first = await signInToStep(emulator, 'tina', 'Tina-password-1');
    const second = await signInToStep(emulator, 'tina', 'Tina-password-1');
    const code = nextCode(TINA_SECRET);
    landedAt(await submitStep(emulator, first, { code }));

    // An onlooker who read the code off the screen (or a proxy that saw it) cannot use it, in another browser...
    const reused = await submitStep(emulator, second, { code });
    expect(reused.status).toBe(400);
    expect(mfaErrorOn(await reused.text())).toBe('Invalid code received for user');
    // ...nor in the API, still inside the code's own 30 seconds.
    const api = await passwordSignIn(sdk, 'tina', 'Tina-password-1');
    await expect(respondWithCode(api.Session!, 'tina', code)).rejects.toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid code received for user',
    });
    // Nor 29 seconds later, when the drift window would still take it as "one step early".
    emulator.admin.advanceClock(29);
    shifted += 29;
    const afterDrift = await submitStep(emulator, second, { code });
    expect(mfaErrorOn(await afterDrift.text())).toBe('Invalid code received for user');

    // The wrong code left the API session usable: the authenticator's next code answers it.
    const answered = await respondWithCode(api.Session!, 'tina', nextCode(TINA_SECRET));
    expect(answered.AuthenticationResult?.AccessToken).toBeTruthy();
    // And that code, used by the API, is refused at the hosted UI.
    const usedByApi = await submitStep(emulator, second, { code: codeFor(TINA_SECRET) });
    expect(usedByApi.status).toBe(400);
  });

  it('two browsers posting the same code at once: exactly one signs in', async () => {
    const first = await signInToStep(emulator, 'tina', 'Tina-password-1');
    const second = await signInToStep(emulator, 'tina', 'Tina-password-1');
    const code = nextCode(TINA_SECRET);
    const statuses = (
      await Promise.all([submitStep(emulator, first, { code }), submitStep(emulator, second, { code })])
    ).map((response) => response.status);
    expect(statuses.sort()).toEqual([302, 400]);
  });

  it('an API challenge session survives two wrong codes and ends with the third', async () => {
    const survives = await passwordSignIn(sdk, 'tina', 'Tina-password-1');
    for (let attempt = 1; attempt <= 2; attempt++)
      await expect(respondWithCode(survives.Session!, 'tina', wrongCode(TINA_SECRET))).rejects.toMatchObject({
        name: 'CodeMismatchException',
      });
    const answered = await respondWithCode(survives.Session!, 'tina', nextCode(TINA_SECRET));
    expect(answered.AuthenticationResult?.IdToken).toBeTruthy();
    // Used: the session that answered is gone.
    await expect(respondWithCode(survives.Session!, 'tina', nextCode(TINA_SECRET))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });

    const ends = await passwordSignIn(sdk, 'tina', 'Tina-password-1');
    for (let attempt = 1; attempt <= 3; attempt++)
      await expect(respondWithCode(ends.Session!, 'tina', wrongCode(TINA_SECRET))).rejects.toMatchObject({
        name: 'CodeMismatchException',
        message: 'Invalid code received for user',
      });
    await expect(respondWithCode(ends.Session!, 'tina', nextCode(TINA_SECRET))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });
});
