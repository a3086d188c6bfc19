// Settings > Users & Permissions > Providers > Cognito in a real Chromium on the fixture's built admin (heavy: `strapi build`):
// an administrator opens the modal, sees what comes from config, saves it unchanged, and both flows still sign in.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, screenshotPath } from '../../../../test-fixtures/support/chromium.js';
import { CONFIG_SECRET_MARKER } from '../../src/server/services/app-client.js';
import { logInToAdmin, saveCognitoProviderUnchanged, signInToJson } from '../support/admin-panel.js';
import { fixtureWithBuiltAdmin } from '../support/app-copy.js';
import { LOGIN_ROUTES } from '../support/browser.js';
import { BOB, type Stack, startStack } from '../support/stack.js';

const OWNER = { email: 'owner@example.com', password: 'Owner-password-1' } as const;

describe.runIf(chromiumAvailable())('the Providers page in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const app = await fixtureWithBuiltAdmin();
    [stack, browser] = await Promise.all([startStack({ appDir: app, serveAdminPanel: true }), launchChromium()]);
    const superAdmin = await stack.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-super-admin' } });
    await stack.strapi.service('admin::user').create({
      ...OWNER,
      firstname: 'Owner',
      registrationToken: null,
      isActive: true,
      roles: [superAdmin.id],
    });
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(180_000);
  }, 1_800_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the client ID from config and a secret marker, no Host URI or JWKS URL, and saves unchanged', async () => {
    await logInToAdmin(page, stack.url, OWNER);
    const modal = await saveCognitoProviderUnchanged(page, stack.url, screenshotPath('strapi-providers-cognito-modal'));
    await page.screenshot({ path: screenshotPath('strapi-providers-cognito-saved') });
    expect(modal.values).toMatchObject({ 'Client ID': stack.client.clientId, 'Client Secret': CONFIG_SECRET_MARKER });
    expect(modal.labels.join(' | ')).not.toMatch(/Host URI|JWKS/);
    const grant = await stack.strapi.store({ type: 'plugin', name: 'users-permissions' }).get({ key: 'grant' });
    expect(grant.cognito).toMatchObject({ enabled: true, key: stack.client.clientId, secret: CONFIG_SECRET_MARKER });
  }, 600_000);

  it('signs in through both flows after that save', async () => {
    for (const start of LOGIN_ROUTES) {
      // A browser of its own each: the emulator's session would skip the hosted UI's form the second time.
      const context = await browser.newContext();
      const signedIn = await signInToJson(await context.newPage(), `${stack.url}${start}`, BOB);
      expect(signedIn.user.email, start).toBe('bob@example.com');
      await context.close();
    }
  }, 600_000);
});
