// The hosted UI's "Forgot your password?" link over HTTP: a username, the reset code, a new password, then sign-in.
import { readFile } from 'node:fs/promises';
import { ConfirmForgotPasswordCommand, ForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../../../../test-fixtures/support/hosted-ui.js';
import { startEmulator, type Emulator } from '../../src/index.js';
import { sdkClient } from '../api-support.js';
import { CALLBACK, CONFIDENTIAL, PUBLIC_ID, SEED_PATH, authorizeUrl } from '../support.js';

let emulator: Emulator;

beforeAll(async () => {
  const seed = JSON.parse(await readFile(SEED_PATH, 'utf8')) as { users: Record<string, unknown>[] };
  seed.users.push({ username: 'tina', password: 'Tina-password-1', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
  emulator = await startEmulator({ seed: seed as never, port: 0 });
}, 60_000);
afterAll(() => emulator.stop());

const pendingOf = (html: string) => /name="pending" value="([^"]+)"/.exec(html)?.[1] ?? '';
const errorOn = (html: string) => /id="passwordErrorMessage">([^<]*)</.exec(html)?.[1];
const unescape = (href: string) => href.replace(/&amp;/g, '&');

/** One browser: a cookie jar, and form posts that carry it. */
function browser() {
  const jar = new CookieJar();
  return {
    jar,
    async get(path: string) {
      const response = await fetch(`${emulator.url}${path}`, { headers: { cookie: jar.header(emulator.url) } });
      jar.store(response, emulator.url);
      return response;
    },
    async post(path: string, fields: Record<string, string>, cookie = jar.header(emulator.url)) {
      const response = await fetch(`${emulator.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams(fields),
      });
      jar.store(response, emulator.url);
      return response;
    },
  };
}

/** Opens the sign-in page for `state`, follows its "Forgot your password?" link and asks a code for `username`. */
async function forgot(state: string, username: string) {
  const b = browser();
  const authorize = await fetch(authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, state }), { redirect: 'manual' });
  const login = await b.get(
    new URL(authorize.headers.get('location')!).pathname + new URL(authorize.headers.get('location')!).search,
  );
  const href = /<a class="forgot" id="forgotPasswordLink" href="([^"]+)"/.exec(await login.text())?.[1];
  if (!href) throw new Error('no "Forgot your password?" link on the sign-in page');
  const forgotPage = await b.get(unescape(href));
  const html = await forgotPage.text();
  expect(html).toContain('<h1>Forgot your password?</h1>');
  const asked = await b.post('/forgotPassword', { pending: pendingOf(html), username });
  return { b, asked, html: await asked.text() };
}

/** Posts the sign-in form for `username` in a fresh browser. */
async function signInWith(username: string, password: string): Promise<Response> {
  const authorize = await fetch(authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, state: 's' }), {
    redirect: 'manual',
  });
  const login = await fetch(authorize.headers.get('location')!);
  return browser().post('/login', { pending: pendingOf(await login.text()), username, password });
}

const codeOf = (username: string) =>
  emulator.admin.confirmationCodes(username).find((c) => c.purpose === 'ForgotPassword')?.code;

describe('"Forgot your password?" at the hosted UI', () => {
  it('sends a code, takes it with a new password, then the new password signs in with the original state', async () => {
    const { b, asked, html } = await forgot('forgot-state', 'alice');
    expect(asked.status).toBe(200);
    expect(html).toContain('<h1>Reset your password</h1>');
    expect(asked.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(asked.headers.getSetCookie().join('\n')).toMatch(/cognito-password-step=[\w-]{43};.*SameSite=Strict/);
    const code = codeOf('alice')!;
    expect(code).toMatch(/^\d{6}$/);
    expect(html).not.toContain(code);
    const pending = pendingOf(html);

    const wrong = await b.post('/resetPassword', {
      pending,
      code: code === '000000' ? '000001' : '000000',
      newPassword: 'Alice-password-2',
      confirmPassword: 'Alice-password-2',
    });
    expect(wrong.status).toBe(400);
    expect(errorOn(await wrong.text())).toBe('Invalid verification code provided, please try again.');
    const mismatch = await b.post('/resetPassword', {
      pending,
      code,
      newPassword: 'Alice-password-2',
      confirmPassword: 'Alice-password-3',
    });
    expect(errorOn(await mismatch.text())).toBe('Password does not match the confirm password.');
    // Another browser (or a cross-site post without the SameSite=Strict cookie) cannot use the key.
    const fields = { pending, code, newPassword: 'Alice-password-2', confirmPassword: 'Alice-password-2' };
    expect((await b.post('/resetPassword', fields, '')).status).toBe(400);

    const reset = await b.post('/resetPassword', fields);
    expect(reset.status).toBe(200);
    const loginPage = await reset.text();
    expect(loginPage).toContain('Your password has been reset. Sign in with your new password.');
    expect(loginPage).toContain('value="alice"');
    // The code and the step are used up.
    expect(codeOf('alice')).toBeUndefined();
    expect((await b.post('/resetPassword', fields)).status).toBe(400);

    const old = await b.post('/login', {
      pending: pendingOf(loginPage),
      username: 'alice',
      password: 'Alice-password-1',
    });
    expect(await old.text()).toContain('Incorrect username or password.');
    const signedIn = await b.post('/login', {
      pending: pendingOf(loginPage),
      username: 'alice',
      password: 'Alice-password-2',
    });
    expect(signedIn.status).toBe(302);
    const landed = new URL(signedIn.headers.get('location')!);
    expect(`${landed.origin}${landed.pathname}`).toBe(CALLBACK);
    expect(landed.searchParams.get('state')).toBe('forgot-state');
    expect(landed.searchParams.get('code')).toBeTruthy();
  });

  it('reads the same for an unknown username, sends nothing, and refuses every code', async () => {
    const { b, asked, html } = await forgot('s', 'nobody');
    expect(asked.status).toBe(200);
    expect(html).toContain('If the username belongs to an account, we have sent it a password reset code.');
    const tried = await b.post('/resetPassword', {
      pending: pendingOf(html),
      code: '123456',
      newPassword: 'Nobody-password-1',
      confirmPassword: 'Nobody-password-1',
    });
    expect(tried.status).toBe(400);
    expect(errorOn(await tried.text())).toBe('Invalid verification code provided, please try again.');
  });

  it('does not sign a user with TOTP MFA in: the new password leads to the MFA step', async () => {
    const { b, html } = await forgot('s', 'tina');
    const reset = await b.post('/resetPassword', {
      pending: pendingOf(html),
      code: codeOf('tina')!,
      newPassword: 'Tina-password-2',
      confirmPassword: 'Tina-password-2',
    });
    expect(reset.status).toBe(200);
    const login = await b.post('/login', {
      pending: pendingOf(await reset.text()),
      username: 'tina',
      password: 'Tina-password-2',
    });
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('<form method="post" action="/mfa"');
  });

  it('checks the authorization request in the link as /oauth2/authorize does', async () => {
    const bad = await fetch(
      `${emulator.url}/forgotPassword?${new URLSearchParams({ client_id: CONFIDENTIAL.id, response_type: 'code', redirect_uri: 'https://evil.example/cb' })}`,
      { redirect: 'manual' },
    );
    // Cognito's own error page, never a redirect to the unregistered URI.
    expect(bad.status).toBe(302);
    expect(new URL(bad.headers.get('location')!).href.startsWith(`${emulator.url}/error?`)).toBe(true);
  });
});

describe('guess limits on password-reset codes', () => {
  const LIMIT = 'Attempt limit exceeded, please try after some time.';
  const wrongFor = (code: string) => (code === '000000' ? '000001' : '000000');

  it("the hosted UI refuses every code, the right one too, once the hour's five attempts are spent", async () => {
    emulator.admin.addUser({ username: 'guessed', password: 'Guessed-password-1' });
    const { b, html } = await forgot('s', 'guessed'); // attempt 1: the request
    const pending = pendingOf(html);
    const code = codeOf('guessed')!;
    const fields = (guess: string) => ({
      pending,
      code: guess,
      newPassword: 'Guessed-password-2',
      confirmPassword: 'Guessed-password-2',
    });
    for (let attempt = 2; attempt <= 5; attempt++)
      expect(errorOn(await (await b.post('/resetPassword', fields(wrongFor(code)))).text())).toBe(
        'Invalid verification code provided, please try again.',
      );
    const right = await b.post('/resetPassword', fields(code));
    expect(right.status).toBe(400);
    expect(errorOn(await right.text())).toBe(LIMIT);
    // Nor can the guesser ask for a new code, on the page or through the API.
    const again = await forgot('s', 'guessed');
    expect(again.asked.status).toBe(400);
    expect(again.html).toContain(LIMIT);
    await expect(
      sdkClient(emulator).send(new ForgotPasswordCommand({ ClientId: PUBLIC_ID, Username: 'guessed' })),
    ).rejects.toMatchObject({ name: 'LimitExceededException', message: LIMIT });
    expect((await signInWith('guessed', 'Guessed-password-1')).status).toBe(302);
  });

  it('ConfirmForgotPassword answers LimitExceededException after five attempts an hour, then works again', async () => {
    emulator.admin.addUser({ username: 'apiguessed', password: 'Apiguessed-password-1' });
    const sdk = sdkClient(emulator);
    await sdk.send(new ForgotPasswordCommand({ ClientId: PUBLIC_ID, Username: 'apiguessed' }));
    const code = codeOf('apiguessed')!;
    const confirm = (guess: string) =>
      sdk.send(
        new ConfirmForgotPasswordCommand({
          ClientId: PUBLIC_ID,
          Username: 'apiguessed',
          ConfirmationCode: guess,
          Password: 'Apiguessed-password-2',
        }),
      );
    for (let attempt = 2; attempt <= 5; attempt++)
      await expect(confirm(wrongFor(code))).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await expect(confirm(code)).rejects.toMatchObject({ name: 'LimitExceededException', message: LIMIT });
    emulator.admin.advanceClock(3601);
    try {
      // The hour passed (the code did too): a new code resets the password.
      await sdk.send(new ForgotPasswordCommand({ ClientId: PUBLIC_ID, Username: 'apiguessed' }));
      await confirm(codeOf('apiguessed')!);
    } finally {
      emulator.admin.advanceClock(-3601);
    }
    expect((await signInWith('apiguessed', 'Apiguessed-password-2')).status).toBe(302);
  });
});
