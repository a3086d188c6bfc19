// The admin panel's "Sign in with Cognito" in a real Chromium on a built Strapi admin (heavy: `strapi build` takes minutes):
// an editor reaches the content manager with the mapped role, logs out through Cognito, and an outsider gets a clear page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, screenshotPath } from '../../../../test-fixtures/support/chromium.js';
import { fixtureWithBuiltAdmin } from '../support/app-copy.js';
import { BOB, type Stack, startStack } from '../support/stack.js';

const ERIN = { username: 'erin', password: 'Erin-password-1' } as const;

describe.runIf(chromiumAvailable())('the admin panel in a real browser', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    const app = await fixtureWithBuiltAdmin();
    [stack, browser] = await Promise.all([
      startStack({
        appDir: app,
        serveAdminPanel: true,
        plugin: { admin: { enabled: true, groupRoles: { admins: 'Super Admin', editors: 'Editor' } } },
      }),
      launchChromium(),
    ]);
    stack.emulator.admin.addUser({
      ...ERIN,
      attributes: { email: 'erin@example.com', email_verified: true, given_name: 'Erin', family_name: 'Editor' },
      groups: ['editors'],
    });
    // An admin with a password exists already, as in any running Strapi: the panel shows its login page, not registration.
    const superAdmin = await stack.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-super-admin' } });
    await stack.strapi.service('admin::user').create({
      email: 'owner@example.com',
      firstname: 'Owner',
      password: 'Owner-password-1',
      registrationToken: null,
      isActive: true,
      roles: [superAdmin.id],
    });
  }, 1_800_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A page in a fresh browser context, patient enough for an admin panel on a busy machine. */
  async function newPage(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(180_000);
    return page;
  }

  /** From the admin login page, through the Cognito button and the hosted UI form. */
  async function signInWithCognito(page: Page, user: { username: string; password: string }): Promise<void> {
    await page.goto(`${stack.url}/admin`);
    await page.waitForURL(/\/admin\/auth\/login/);
    await page.getByRole('link', { name: 'Sign in with Cognito' }).click();
    await page.waitForURL(`${stack.emulator.url}/**`);
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('button[type=submit]');
  }

  it('takes a Cognito editor from the login page to the content manager with the Editor role, and out through Cognito', async () => {
    const page = await newPage();
    await page.goto(`${stack.url}/admin`);
    await page.waitForURL(/\/admin\/auth\/login/);
    await page.getByRole('link', { name: 'Sign in with Cognito' }).waitFor();
    await page.screenshot({ path: screenshotPath('strapi-admin-login-with-cognito') });

    await signInWithCognito(page, ERIN);
    await page.waitForURL((url) => url.href.startsWith(`${stack.url}/admin`) && !url.pathname.includes('/auth/'));
    await page.goto(`${stack.url}/admin/content-manager/collection-types/api::article.article`);
    await page.getByRole('heading', { name: 'Article' }).waitFor();
    await page.screenshot({ path: screenshotPath('strapi-admin-content-manager-cognito-editor') });

    // The user menu shows who is signed in, with the role Cognito's group mapped to.
    await page.getByRole('button', { name: 'Erin Editor' }).click();
    await page.getByRole('menu').getByText('erin@example.com').waitFor();
    expect(await page.getByRole('menu').getByText('Editor', { exact: true }).count()).toBe(1);

    // Logging out of the admin also ends the Cognito session: the panel goes through Cognito's /logout and back.
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(`${stack.emulator.url}/logout**`).catch(() => undefined);
    await page.waitForURL(/\/admin\/auth\/login/);
    expect((await page.context().cookies(stack.url)).map((c) => c.name)).not.toContain('cognito_connect_admin');
    await page.getByRole('link', { name: 'Sign in with Cognito' }).click();
    await page.waitForURL(`${stack.emulator.url}/**`);
    await page.locator('#password').waitFor();
  }, 600_000);

  it('refuses a Cognito user outside the mapped groups with a page that says so', async () => {
    const page = await newPage();
    await signInWithCognito(page, BOB);
    await page.waitForURL(`${stack.url}/api/cognito-connect/admin/callback**`);
    expect(await page.textContent('h1')).toBe('Your account has no access to this admin panel');
    expect(await page.textContent('#detail')).toBe('Error code: TOKEN_GROUP_REQUIRED');
    await page.screenshot({ path: screenshotPath('strapi-admin-refused') });
    // No admin session was opened.
    expect((await page.context().cookies(stack.url)).map((c) => c.name)).not.toContain('strapi_admin_refresh');
    await page.getByRole('link', { name: 'Back to the admin login' }).click();
    await page.waitForURL(/\/admin\/auth\/login/);
  }, 600_000);
});
