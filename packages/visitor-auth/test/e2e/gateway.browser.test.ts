// A real visitor in Chromium: deep link, hosted UI sign-in, the exact page; a refused outsider; logout ending both sessions.
import type { Emulator } from '@cognito-connect/emulator';
import type { RunningGateway } from '@cognito-connect/visitor-auth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  launchChromium,
  screenshotPath,
  signInOnHostedUi,
} from '../../../../test-fixtures/support/chromium.js';
import { OUTSIDER, READER, gatewayFor, registerClient, reserveSite, startPool } from '../support/stack.js';

describe.runIf(chromiumAvailable())('gateway in Chromium', () => {
  let emulator: Emulator;
  let gateway: RunningGateway;
  let browser: Browser;

  beforeAll(async () => {
    emulator = await startPool();
    const at = await reserveSite();
    gateway = await gatewayFor(emulator, registerClient(emulator, [at.site]), at);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await emulator?.stop();
  });

  const signIn = (page: Page, user: { username: string; password: string }) =>
    signInOnHostedUi(page, emulator.url, user);

  it('opens a deep link, signs in on the hosted UI, lands on that exact page, then logs out of both', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const deepLink = `${gateway.url}/guide/getting-started.html?tab=cli`;
    await page.goto(deepLink);
    await page.screenshot({ path: screenshotPath('visitor-auth-hosted-ui') });
    await signIn(page, READER);
    await page.waitForURL(deepLink);
    await expect.poll(() => page.textContent('h1')).toBe('Getting started');
    expect(await page.isVisible('#content')).toBe(true);
    await page.screenshot({ path: screenshotPath('visitor-auth-deep-link') });

    const cookie = (await context.cookies(gateway.url)).find((c) => c.name === 'cc-visitor');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('cc-visitor');

    await page.click('#sign-out');
    // Logout is a POST from this site: the link shows a confirmation whose button submits it.
    await page.waitForURL(`${gateway.url}/_auth/logout`);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.href.startsWith(`${emulator.url}/login`));
    expect(await page.isVisible('#password')).toBe(true);
    await page.screenshot({ path: screenshotPath('visitor-auth-after-logout') });
    expect((await context.cookies(gateway.url)).some((c) => c.name === 'cc-visitor')).toBe(false);
    // Cognito's session ended too: opening the site asks for the password again instead of signing straight back in.
    await page.goto(`${gateway.url}/reference/api/`);
    await page.waitForURL((url) => url.href.startsWith(`${emulator.url}/login`));
    expect(await page.isVisible('#password')).toBe(true);
    await context.close();
  });

  it('shows a user outside the required groups a clear refusal page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${gateway.url}/guide/`);
    await signIn(page, OUTSIDER);
    await page.waitForURL((url) => url.pathname === '/_auth/callback');
    expect(await page.textContent('h1')).toBe('Access denied');
    expect(await page.textContent('#message')).toContain(OUTSIDER.email);
    expect(await page.isVisible('a[href="/_auth/logout"]')).toBe(true);
    await page.screenshot({ path: screenshotPath('visitor-auth-refused') });
    expect((await context.cookies(gateway.url)).some((c) => c.name === 'cc-visitor')).toBe(false);
    await context.close();
  });
});
