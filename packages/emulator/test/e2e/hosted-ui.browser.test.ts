// The hosted UI in real Chromium: the page renders under its CSP, a wrong password shows the error, the right one lands on the app.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminCreateUserCommand, AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  launchChromium,
  screenshotPath,
  signInOnHostedUi,
} from '../../../../test-fixtures/support/chromium.js';
import { startEmulator, type Emulator } from '../../src/index.js';
import { sdkClient } from '../api-support.js';
import { openSignIn as openAt } from '../browser-support.js';
import { ALICE, SEED_PATH, authorizeUrl, pkce } from '../support.js';

describe.runIf(chromiumAvailable())('hosted UI in Chromium', () => {
  let emulator: Emulator;
  let app: Server;
  let callback: string;
  let browser: Browser;
  let clientId: string;

  beforeAll(async () => {
    // The shared seed, with self sign-up allowed so the sign-in page has its "Sign up" link.
    const seed = JSON.parse(await readFile(SEED_PATH, 'utf8')) as { userPool: Record<string, unknown> };
    seed.userPool.allowAdminCreateUserOnly = false;
    emulator = await startEmulator({ seed: seed as never, port: 0 });
    // The app: a tiny server that only says where the browser landed.
    app = createServer((req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1 id="landed">${req.url?.length ?? 0}</h1>`),
    );
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    callback = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
    clientId = emulator.admin.addClient({
      name: 'Browser Test App',
      callbackUrls: [callback],
      supportedIdentityProviders: ['COGNITO', 'ExampleIdP'],
    }).clientId;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    app?.closeAllConnections();
    await new Promise((resolve) => app?.close(resolve));
    await emulator?.stop();
  });

  /** A new browser context at the authorize URL with `state`, recording every CSP violation the pages report. */
  const openSignIn = (state: string) => openAt(browser, emulator, { clientId, callback, state });

  /** Submits the page's form and checks the browser landed on the app with a code and `state`. */
  async function submitAndLand(page: Page, state: string): Promise<void> {
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback)), page.click('button[type=submit]')]);
    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe(state);
    expect(landed.searchParams.get('code')).toMatch(/^[0-9a-f-]{36}$/);
  }

  it('signs in after a wrong password and lands on the redirect URI with code and state', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 720 } });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    const url = authorizeUrl(emulator, {
      client_id: clientId,
      redirect_uri: callback,
      state: 'browser-state',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      scope: 'openid email',
    });

    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'Sign in to Browser Test App' }).isVisible()).resolves.toBe(true);
    // The styles load under the nonce-based CSP (the button is Cognito-blue, not the browser default).
    expect(await page.locator('button[type=submit]').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(9, 114, 211)',
    );
    await page.screenshot({ path: screenshotPath('hosted-ui-login'), fullPage: true });

    await page.fill('#username', ALICE.username);
    await page.fill('#password', 'not-her-password');
    await page.click('button[type=submit]');
    const error = page.locator('#loginErrorMessage');
    await error.waitFor();
    expect(await error.innerText()).toBe('Incorrect username or password.');
    expect(await page.inputValue('#username')).toBe('alice');
    await page.screenshot({ path: screenshotPath('hosted-ui-login-error'), fullPage: true });

    await page.fill('#password', ALICE.password);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback)), page.click('button[type=submit]')]);
    const landed = new URL(page.url());
    expect(landed.searchParams.get('code')).toMatch(/^[0-9a-f-]{36}$/);
    expect(landed.searchParams.get('state')).toBe('browser-state');
    expect(blocked).toEqual([]);

    // Same browser, second sign-in: the hosted-UI session cookie skips the form.
    await page.goto(
      authorizeUrl(emulator, {
        client_id: clientId,
        redirect_uri: callback,
        state: 'sso',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      }),
    );
    expect(new URL(page.url()).searchParams.get('state')).toBe('sso');
    await context.close();
  });

  it('federates through the seeded stand-in provider from its button', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(
      authorizeUrl(emulator, {
        client_id: clientId,
        redirect_uri: callback,
        state: 'fed',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      }),
    );
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(callback)),
      page.getByRole('link', { name: 'Continue with ExampleIdP' }).click(),
    ]);
    expect(new URL(page.url()).searchParams.get('state')).toBe('fed');
    await context.close();
  });

  it('a user with a temporary password changes it on the hosted UI and lands on the app with the state', async () => {
    const sdk = sdkClient(emulator);
    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: emulator.userPoolId,
        Username: 'newcomer',
        TemporaryPassword: 'Temp-password-1',
        UserAttributes: [{ Name: 'email', Value: 'newcomer@example.com' }],
        MessageAction: 'SUPPRESS',
      }),
    );
    const { context, page, blocked } = await openSignIn('temporary');
    await page.fill('#username', 'newcomer');
    await page.fill('#password', 'Temp-password-1');
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Change Password' }).waitFor();

    await page.fill('#newPassword', 'newcomer-password-2');
    await page.fill('#confirmPassword', 'newcomer-password-2');
    await page.click('button[type=submit]');
    const error = page.locator('#passwordErrorMessage');
    await error.waitFor();
    expect(await error.innerText()).toBe(
      'Password did not conform with policy: Password must have uppercase characters',
    );
    await page.screenshot({ path: screenshotPath('hosted-ui-change-password'), fullPage: true });

    await page.fill('#newPassword', 'Newcomer-password-2');
    await page.fill('#confirmPassword', 'Newcomer-password-2');
    await submitAndLand(page, 'temporary');
    expect(blocked).toEqual([]);
    const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: emulator.userPoolId, Username: 'newcomer' }));
    expect(user.UserStatus).toBe('CONFIRMED');
    await context.close();
  });

  it('a user with TOTP MFA gives the authenticator code after the password and lands on the app with the state', async () => {
    // The seeded secret is all the test needs: it computes the codes as the user's authenticator app would.
    const secret = 'KRUW4YJAORXXI4BAONSWG4TFOQQGC3TE';
    emulator.admin.addUser({ username: 'tina', password: 'Tina-password-1', totpSecret: secret });
    const { context, page, blocked } = await openSignIn('with-mfa');
    await signInOnHostedUi(page, emulator.url, { username: 'tina', password: 'Tina-password-1' });
    await page.getByRole('heading', { name: 'Multi-factor authentication' }).waitFor();
    // The password alone went nowhere near the app: the browser is still on the emulator's domain.
    expect(new URL(page.url()).origin).toBe(emulator.url);

    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    const valid = new Set([-30, 0, 30].map((drift) => totp.generate({ timestamp: Date.now() + drift * 1000 })));
    await page.fill(
      '#totpCode',
      ['000000', '111111', '222222', '333333'].find((code) => !valid.has(code))!,
    );
    await page.click('button[type=submit]');
    const error = page.locator('#mfaErrorMessage');
    await error.waitFor();
    expect(await error.innerText()).toBe('Invalid code received for user');
    await page.screenshot({ path: screenshotPath('hosted-ui-mfa'), fullPage: true });

    await page.fill('#totpCode', totp.generate());
    await submitAndLand(page, 'with-mfa');
    expect(blocked).toEqual([]);
    await context.close();
  });

  it('"Forgot your password?" sends a code; the code and a new password lead back to sign-in, then to the app', async () => {
    emulator.admin.addUser({
      username: 'forgetful',
      password: 'Forgotten-password-1',
      attributes: { email: 'forgetful@example.com' },
    });
    const { context, page, blocked } = await openSignIn('forgot');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.fill('#username', 'forgetful');
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();

    const code = emulator.admin.confirmationCodes('forgetful').find((c) => c.purpose === 'ForgotPassword')!.code;
    await page.fill('#code', code);
    await page.fill('#newPassword', 'Remembered-password-2');
    await page.fill('#confirmPassword', 'Remembered-password-2');
    await page.click('button[type=submit]');
    const notice = page.locator('#loginNoticeMessage');
    await notice.waitFor();
    expect(await notice.innerText()).toBe('Your password has been reset. Sign in with your new password.');
    expect(await page.inputValue('#username')).toBe('forgetful');

    await page.fill('#password', 'Remembered-password-2');
    await submitAndLand(page, 'forgot');
    expect(blocked).toEqual([]);
    await context.close();
  });

  it('"Sign up" from the sign-in page: a new account, its confirmation code, then the app with the state', async () => {
    const { context, page, blocked } = await openSignIn('signup');
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Sign up with a new account' }).waitFor();
    await page.fill('#username', 'browser-newbie');
    await page.fill('#attribute0', 'browser-newbie@example.com');
    await page.fill('#password', 'newbie');
    await page.click('button[type=submit]');
    const error = page.locator('#signUpErrorMessage');
    await error.waitFor();
    expect(await error.innerText()).toBe('Password did not conform with policy: Password not long enough');
    expect(await page.inputValue('#username')).toBe('browser-newbie');
    await page.screenshot({ path: screenshotPath('hosted-ui-sign-up'), fullPage: true });

    await page.fill('#password', 'Browser-newbie-1');
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Confirm your account' }).waitFor();
    await page.screenshot({ path: screenshotPath('hosted-ui-confirm-sign-up'), fullPage: true });
    const code = emulator.admin.confirmationCodes('browser-newbie').find((c) => c.purpose === 'SignUp')!.code;
    await page.fill('#code', code);
    await submitAndLand(page, 'signup');
    expect(blocked).toEqual([]);
    await context.close();
  });
});
