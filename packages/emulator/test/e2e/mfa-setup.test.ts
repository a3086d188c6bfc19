// A pool that requires MFA (mfaConfiguration "ON"): a user without a software token sets one up while signing in,
// through the API's MFA_SETUP challenge or the hosted UI's set-up page, and is asked for codes from then on.
import { readFile } from 'node:fs/promises';
import {
  AssociateSoftwareTokenCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/index.js';
import { passwordSignIn, sdkClient } from '../api-support.js';
import { signInToStep, submitStep } from '../step-support.js';
import { CALLBACK, PUBLIC_ID, SEED_PATH } from '../support.js';

let emulator: Emulator;
let sdk: CognitoIdentityProviderClient;
/** How far the tests moved the emulator's clock (each code works once, so a second sign-in needs the next code). */
let shifted = 0;

beforeAll(async () => {
  const seed = JSON.parse(await readFile(SEED_PATH, 'utf8')) as { userPool: Record<string, unknown> };
  seed.userPool.mfaConfiguration = 'ON';
  emulator = await startEmulator({ seed: seed as never, port: 0 });
  sdk = sdkClient(emulator);
}, 60_000);
afterAll(() => emulator?.stop());

const codeFor = (secret: string) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + shifted * 1000 });
function nextCode(secret: string): string {
  emulator.admin.advanceClock(30);
  shifted += 30;
  return codeFor(secret);
}
function wrongCode(secret: string): string {
  const valid = new Set(
    [-30, 0, 30].map((d) =>
      new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + (shifted + d) * 1000 }),
    ),
  );
  return ['000000', '111111', '222222', '333333'].find((code) => !valid.has(code))!;
}

const respond = (name: 'MFA_SETUP' | 'SOFTWARE_TOKEN_MFA', session: string, responses: Record<string, string>) =>
  sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: PUBLIC_ID,
      ChallengeName: name,
      Session: session,
      ChallengeResponses: responses,
    }),
  );
const INVALID_SESSION = {
  name: 'NotAuthorizedException',
  message: 'Invalid session for the user, session is expired.',
};

describe('MFA_SETUP in the user-pool API', () => {
  it('associates and verifies a token with the challenge Session, then signs in; the next sign-in asks for a code', async () => {
    expect(
      (await sdk.send(new DescribeUserPoolCommand({ UserPoolId: emulator.userPoolId }))).UserPool?.MfaConfiguration,
    ).toBe('ON');
    const started = await passwordSignIn(sdk, 'alice', 'Alice-password-1');
    expect(started.ChallengeName).toBe('MFA_SETUP');
    expect(started.ChallengeParameters).toEqual({ MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' });
    expect(started.AuthenticationResult).toBeUndefined();

    const associated = await sdk.send(new AssociateSoftwareTokenCommand({ Session: started.Session }));
    const secret = associated.SecretCode!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The session moved on: the first one cannot be used again.
    await expect(sdk.send(new AssociateSoftwareTokenCommand({ Session: started.Session }))).rejects.toMatchObject(
      INVALID_SESSION,
    );
    // Not verified yet: the set-up cannot be skipped.
    await expect(respond('MFA_SETUP', associated.Session!, { USERNAME: 'alice' })).rejects.toMatchObject(
      INVALID_SESSION,
    );

    const again = await passwordSignIn(sdk, 'alice', 'Alice-password-1');
    const second = await sdk.send(new AssociateSoftwareTokenCommand({ Session: again.Session }));
    await expect(
      sdk.send(new VerifySoftwareTokenCommand({ Session: second.Session, UserCode: wrongCode(second.SecretCode!) })),
    ).rejects.toMatchObject({ name: 'EnableSoftwareTokenMFAException' });
    const setupCode = codeFor(second.SecretCode!);
    const verified = await sdk.send(new VerifySoftwareTokenCommand({ Session: second.Session, UserCode: setupCode }));
    expect(verified.Status).toBe('SUCCESS');
    const signedIn = await respond('MFA_SETUP', verified.Session!, { USERNAME: 'alice' });
    const accessToken = signedIn.AuthenticationResult!.AccessToken!;
    const user = await sdk.send(new GetUserCommand({ AccessToken: accessToken }));
    expect(user.UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);

    const next = await passwordSignIn(sdk, 'alice', 'Alice-password-1');
    expect(next.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    // The code that verified the token is used up.
    await expect(
      respond('SOFTWARE_TOKEN_MFA', next.Session!, { USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: setupCode }),
    ).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
    const done = await respond('SOFTWARE_TOKEN_MFA', next.Session!, {
      USERNAME: 'alice',
      SOFTWARE_TOKEN_MFA_CODE: nextCode(second.SecretCode!),
    });
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('refuses a session of another challenge for the set-up (no associating a token to a half-signed-in user)', async () => {
    const mfa = await passwordSignIn(sdk, 'alice', 'Alice-password-1');
    expect(mfa.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    await expect(sdk.send(new AssociateSoftwareTokenCommand({ Session: mfa.Session }))).rejects.toMatchObject(
      INVALID_SESSION,
    );
    await expect(
      sdk.send(new VerifySoftwareTokenCommand({ Session: mfa.Session, UserCode: '123456' })),
    ).rejects.toMatchObject(INVALID_SESSION);
  });
});

describe('MFA set-up at the hosted UI', () => {
  it("shows the otpauth URI as a PNG QR code the page's CSP allows, beside the secret as text", async () => {
    const step = await signInToStep(emulator, 'carol', 'Carol-password-1');
    expect(step.action).toBe('/mfaSetup');
    const secret = /id="secretCode">([A-Z2-7]+)</.exec(step.html)![1]!;
    const uri = new URL(/id="otpauthUri">([^<]+)</.exec(step.html)![1]!.replace(/&amp;/g, '&'));
    const issuer = (await sdk.send(new DescribeUserPoolCommand({ UserPoolId: emulator.userPoolId }))).UserPool!.Name!;
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/${issuer}:carol`);
    expect(uri.searchParams.get('issuer')).toBe(issuer);
    expect(uri.searchParams.get('secret')).toBe(secret);
    // The QR code is an image inside the page: PNG bytes, allowed by `img-src data:` and nothing else.
    const src = /<img id="qrCode" src="([^"]+)"/.exec(step.html)![1]!;
    expect(src).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
    const png = Buffer.from(src.slice('data:image/png;base64,'.length), 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(200);
    const csp = step.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:;');
    expect(csp).not.toContain('script-src');
    expect(step.html).not.toMatch(/<script|\son[a-z]+=/i);
    // A wrong code shows the same QR code again.
    const wrong = await submitStep(emulator, step, { code: wrongCode(secret) });
    expect(/<img id="qrCode" src="([^"]+)"/.exec(await wrong.text())?.[1]).toBe(src);
  });

  it('shows the secret, refuses a wrong code and another browser, then signs in; the next sign-in asks for a code', async () => {
    const step = await signInToStep(emulator, 'bob', 'Bob-password-1');
    expect(step.action).toBe('/mfaSetup');
    expect(step.html).toContain('<h1>Set up an authenticator app</h1>');
    expect(step.headers.get('cache-control')).toBe('no-store');
    const secret = /id="secretCode">([A-Z2-7]+)</.exec(step.html)?.[1];
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(/id="otpauthUri">([^<]+)</.exec(step.html)![1]!.replace(/&amp;/g, '&'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);

    const wrong = await submitStep(emulator, step, { code: wrongCode(secret!) });
    expect(wrong.status).toBe(400);
    expect(/id="mfaErrorMessage">([^<]*)</.exec(await wrong.text())?.[1]).toBe('Invalid code received for user');
    const code = codeFor(secret!);
    expect((await submitStep(emulator, step, { code }, '')).status).toBe(400);
    const other = await signInToStep(emulator, 'bob', 'Bob-password-1');
    expect(other.action).toBe('/mfaSetup');
    expect((await submitStep(emulator, step, { code }, other.jar.header(emulator.url))).status).toBe(400);

    const done = await submitStep(emulator, step, { code });
    expect(done.status).toBe(302);
    const landed = new URL(done.headers.get('location')!);
    expect(`${landed.origin}${landed.pathname}`).toBe(CALLBACK);
    expect(landed.searchParams.get('state')).toBe(step.state);
    // The other browser's set-up page is void now that bob has a token.
    expect((await submitStep(emulator, other, { code: codeFor(secret!) })).status).toBe(400);

    const later = await signInToStep(emulator, 'bob', 'Bob-password-1');
    expect(later.action).toBe('/mfa');
    const reused = await submitStep(emulator, later, { code });
    expect(reused.status).toBe(400);
    expect((await submitStep(emulator, later, { code: nextCode(secret!) })).status).toBe(302);
  });
});
