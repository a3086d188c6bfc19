// A real Chromium through the hardened flow: the hosted-UI form, the Lax login cookies, the front end's bound code exchange, logout.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  launchChromium,
  screenshotPath,
  signInOnHostedUi,
} from '../../../../test-fixtures/support/chromium.js';
import { BOB, type Stack, startStack } from '../support/stack.js';

describe.runIf(chromiumAvailable())('in a real browser', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in on the hosted UI, lands on the front end with a one-time code, exchanges it and calls the API', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.url}/api/cognito-connect/login?returnTo=${encodeURIComponent('/auth-done.html')}`);
    expect(new URL(page.url()).origin).toBe(stack.emulator.url);
    await signInOnHostedUi(page, stack.emulator.url, BOB);
    await page.waitForURL((url) => url.href.startsWith(`${stack.url}/auth-done.html`));
    await expect.poll(() => page.textContent('#status')).toBe('Signed in');
    expect(await page.textContent('#user')).toBe('bob <bob@example.com>');
    await page.screenshot({ path: screenshotPath('strapi-plugin-signed-in') });
    // The transaction cookie was spent at the callback.
    expect((await page.context().cookies(stack.url)).map((c) => c.name)).not.toContain('cognito_connect_tx');

    // Signing out takes a POST: the link opens Strapi's confirm page, whose form signs out through Cognito's /logout.
    await page.click('#sign-out');
    await expect.poll(() => page.locator('form[method=post] button').count()).toBe(1);
    await page.click('form[method=post] button');
    await page.waitForURL(`${stack.url}/signed-out.html`);
    await page.goto(`${stack.url}/api/cognito-connect/login`);
    // Cognito's session ended too: the form is back.
    await expect.poll(() => page.locator('#password').count()).toBe(1);
  }, 180_000);

  it('brings a refused login back to the front end with its code, which the landing page shows', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.url}/api/cognito-connect/login?returnTo=${encodeURIComponent('/auth-done.html')}`);
    // The code's binding cookie is lost on the way (another tab signed out, cookies cleared): the login is refused.
    await context.clearCookies({ name: 'cognito_connect_bind' });
    await page.fill('#username', BOB.username);
    await page.fill('#password', BOB.password);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.href.startsWith(`${stack.url}/auth-done.html`));
    await expect.poll(() => page.textContent('#status')).toBe('Refused: FLOW_TRANSACTION_INVALID');
    expect(page.url()).toBe(`${stack.url}/auth-done.html`);
    await context.close();
  }, 180_000);
});
