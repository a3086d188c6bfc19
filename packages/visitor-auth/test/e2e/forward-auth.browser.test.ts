// Forward-auth mode behind real nginx (auth_request) and real Caddy (forward_auth), driven in Chromium: deep link → hosted UI →
// back on that page with the user headers passed to the app; a group-restricted location; spoofed identity headers; logout.
import { type Server, createServer } from 'node:http';
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
import { Agent } from '../support/agent.js';
import { proxiedGateway } from '../support/forward-auth.js';
import {
  CADDY,
  type ForwardAuthSite,
  NGINX,
  type RunningProxy,
  binaryAvailable,
  startCaddy,
  startNginx,
} from '../support/proxies.js';
import { READER, startPool } from '../support/stack.js';

const ADMIN = { username: 'admin', password: 'Admin-passw0rd!', email: 'admin@example.com' };

/** The application behind the proxy: shows the path and the identity headers the proxy passed on. */
function startApp(): Promise<Server> {
  const escape = (text: string) =>
    text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
  const app = createServer((req, res) => {
    const h = (name: string) => escape(String(req.headers[name] ?? ''));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>App</title><h1 id="path">${escape(req.url ?? '')}</h1>
<p id="user">${h('x-auth-request-user')}</p><p id="email">${h('x-auth-request-email')}</p>
<p id="groups">${h('x-auth-request-groups')}</p><p id="sub">${h('x-auth-request-sub')}</p>
<form method="post" action="/_auth/logout"><button id="sign-out">Sign out</button></form>`);
  });
  return new Promise((resolve) => app.listen(0, '127.0.0.1', () => resolve(app)));
}

const proxies: Array<[string, string, string, (site: ForwardAuthSite) => Promise<RunningProxy>]> = [
  ['nginx auth_request', NGINX, 'nginx', (site) => startNginx(site)],
  ['Caddy forward_auth', CADDY, 'caddy', (site) => startCaddy(site)],
];

describe.each(proxies)('forward-auth behind %s', (_name, binary, aptPackage, start) => {
  const available = chromiumAvailable() && binaryAvailable(binary, aptPackage);
  let emulator: Emulator;
  let app: Server;
  let gateway: RunningGateway;
  let proxy: RunningProxy;
  let browser: Browser;

  beforeAll(async () => {
    if (!available) return;
    emulator = await startPool();
    emulator.admin.addUser({
      username: ADMIN.username,
      password: ADMIN.password,
      attributes: { email: ADMIN.email, email_verified: 'true' },
      groups: ['admins'],
    });
    app = await startApp();
    ({ gateway, proxy } = await proxiedGateway(emulator, app, start));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await gateway?.close();
    await new Promise((resolve) => app?.close(resolve));
    await emulator?.stop();
  });

  const signIn = (page: Page, user: { username: string; password: string }) =>
    signInOnHostedUi(page, emulator.url, user);

  it.runIf(available)(
    'sends a deep link through the hosted UI and back to that page, with the user headers passed to the app',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const deepLink = `${proxy.url}/docs/page?tab=cli&x=1`;
      await page.goto(deepLink);
      await signIn(page, READER);
      await page.waitForURL(deepLink);
      expect(await page.textContent('#path')).toBe('/docs/page?tab=cli&x=1');
      expect(await page.textContent('#email')).toBe(READER.email);
      expect(await page.textContent('#user')).toBe(READER.email);
      expect(await page.textContent('#groups')).toBe('readers');
      expect(await page.textContent('#sub')).toMatch(/^[\w-]{8,}$/);
      await page.screenshot({ path: screenshotPath(`forward-auth-${aptPackage}-deep-link`) });

      // The reader is not an admin: /admin/ shows the refusal page, not the app.
      const refused = await page.goto(`${proxy.url}/admin/`);
      expect(refused?.status()).toBe(403);
      expect(await page.textContent('h1')).toBe('Access denied');
      expect(await page.textContent('#message')).toContain(READER.email);
      await page.screenshot({ path: screenshotPath(`forward-auth-${aptPackage}-refused`) });

      // Identity headers sent by the client are replaced by the gateway's.
      const cookies = await context.cookies(proxy.url);
      const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const spoofed = await fetch(`${proxy.url}/docs/`, {
        headers: { cookie, 'x-auth-request-email': 'ceo@example.com', 'x-auth-request-groups': 'admins' },
      });
      const body = await spoofed.text();
      expect(body).toContain(`<p id="email">${READER.email}</p>`);
      expect(body).not.toContain('ceo@example.com');
      expect(body).toContain('<p id="groups">readers</p>');

      // Logout ends both sessions: the next page asks for the password again.
      await page.goto(`${proxy.url}/docs/page`);
      await page.click('#sign-out');
      await page.waitForURL((url) => url.href.startsWith(`${emulator.url}/login`));
      expect((await context.cookies(proxy.url)).some((c) => c.name === 'cc-visitor')).toBe(false);
      await page.goto(`${proxy.url}/docs/other`);
      await page.waitForURL((url) => url.href.startsWith(`${emulator.url}/login`));
      expect(await page.isVisible('#password')).toBe(true);
      await context.close();
    },
  );

  it.runIf(available)('admits a member of the group to the group-restricted location', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${proxy.url}/admin/settings`);
    await signIn(page, ADMIN);
    await page.waitForURL(`${proxy.url}/admin/settings`);
    expect(await page.textContent('#path')).toBe('/admin/settings');
    expect(await page.textContent('#groups')).toBe('admins');
    await context.close();
  });

  it.runIf(available)('never sends the browser to another site after login (rd is checked)', async () => {
    const agent = new Agent();
    const form = await agent.navigate(`${proxy.url}/_auth/login?rd=https://evil.example/steal`);
    const landed = await agent.signIn(form, READER.username, READER.password);
    expect(landed.url).toBe(`${proxy.url}/`);
    for (const hop of landed.hops) {
      if (hop.location) expect(new URL(hop.location, hop.url).host).not.toBe('evil.example');
    }
  });

  it.runIf(available)('answers the check itself with 401 to a non-browser and no session', async () => {
    const response = await fetch(`http://${new URL(gateway.url).host}/_auth/check`, {
      headers: { 'x-forwarded-uri': '/api/x', accept: 'application/json' },
      redirect: 'manual',
    });
    expect(response.status).toBe(401);
  });
});
