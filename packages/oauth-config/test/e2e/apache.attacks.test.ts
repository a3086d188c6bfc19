// Attacks on a site behind the generated mod_auth_openidc config: an account whose email Cognito never verified (a user
// who changed their email attribute to the victim's) must not become REMOTE_USER = the victim's email.
import { defineCognito } from '@cognito-connect/core';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { generateConfig } from '@cognito-connect/oauth-config';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CookieJar, signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { freePort } from '../../../../test-fixtures/support/ports.js';
import { type RunningApache, startApache } from '../support/apache.js';
import { Navigator } from '../support/navigator.js';
import { apacheReady } from '../support/tools.js';

const SEED = fileURLToPath(new URL('../../../../test-fixtures/emulator/seed.json', import.meta.url));
const VICTIM_EMAIL = 'ceo@example.com';
const ATTACKER = { username: 'mallory', password: 'Mallory-passw0rd!' };
const OWNER = { username: 'owner', password: 'Owner-passw0rd!' };
const PAGE = '<h1>members only</h1>';
const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

describe.runIf(apacheReady())('Apache httpd with the generated mod_auth_openidc config, attacked', () => {
  let emulator: Emulator;
  let apache: RunningApache;
  let siteUrl: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED, port: 0 });
    // The attacker set their own email attribute to the victim's; Cognito marks it unverified.
    emulator.admin.addUser({
      ...ATTACKER,
      attributes: { email: VICTIM_EMAIL, email_verified: 'false' },
    });
    emulator.admin.addUser({ ...OWNER, attributes: { email: 'owner@example.com', email_verified: 'true' } });
    const port = await freePort();
    siteUrl = `http://127.0.0.1:${port}`;
    const client = emulator.admin.addClient({
      name: 'Apache',
      callbackUrls: [`${siteUrl}/oidc/callback`],
      logoutUrls: [`${siteUrl}/`],
      generateSecret: true,
    });
    const settings = defineCognito(emulator.settingsFor(client.clientId));
    apache = await startApache({
      port,
      include: generateConfig('apache', settings, { siteUrl }).files[0]?.contents as string,
      pages: { 'index.html': PAGE },
      // Test only: show who the module says the user is.
      extra: [
        'Header always set X-Test-User "expr=%{REMOTE_USER}"',
        // What a handler or a proxied app would read as the user's groups and email claims.
        'Header always set X-Test-Groups "expr=%{req:OIDC_CLAIM_cognito:groups}|%{req:OIDC-CLAIM-cognito-groups}|%{req:OIDC_CLAIM_cognito_groups}"',
        'Header always set X-Test-Email "expr=%{req:OIDC_CLAIM_email}|%{req:OIDC-CLAIM-email}"',
      ].join('\n'),
    });
  }, 60_000);
  afterAll(async () => {
    await apache?.stop();
    await emulator?.stop();
  });

  async function visit(user: { username: string; password: string }) {
    const browser = new Navigator();
    const start = await browser.get(`${siteUrl}/index.html`);
    expect(start.status, apache.log()).toBe(302);
    const login = await signInWithHostedUi(start.location as string, user, new CookieJar());
    const callback = await browser.get(login.location);
    return { callback, page: callback.status === 302 ? await browser.get(`${siteUrl}/index.html`) : callback };
  }

  test('control: a verified email is REMOTE_USER', async () => {
    const { page } = await visit(OWNER);
    expect(page.status, apache.log()).toBe(200);
    expect(header(page.headers['x-test-user'])).toBe('owner@example.com');
  });

  test("an unverified email (set to the victim's) is no REMOTE_USER: the page is refused", async () => {
    const { page } = await visit(ATTACKER);
    expect(page.body).not.toContain(PAGE);
    expect(page.status, apache.log()).toBe(401);
  });
  test('claim headers a client sends of its own (a group it is not in, another email) never reach the page', async () => {
    const browser = new Navigator();
    const start = await browser.get(`${siteUrl}/index.html`);
    const login = await signInWithHostedUi(start.location as string, OWNER, new CookieJar());
    await browser.get(login.location);
    const page = await browser.get(`${siteUrl}/index.html`, {
      'OIDC-CLAIM-cognito-groups': 'admins',
      OIDC_CLAIM_cognito_groups: 'admins',
      'OIDC-CLAIM-email': VICTIM_EMAIL,
    });
    expect(page.status, apache.log()).toBe(200);
    expect(header(page.headers['x-test-groups'])).not.toContain('admins');
    expect(header(page.headers['x-test-email'])).not.toContain(VICTIM_EMAIL);
  });
});
