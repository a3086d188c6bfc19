// Logout CSRF in real Chromium: pages on other origins POST a form to, or navigate to, the gateway's logout; only its own page signs out.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from '@cognito-connect/emulator';
import type { RunningGateway } from '@cognito-connect/visitor-auth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../../../../test-fixtures/support/chromium.js';
import { READER, gatewayFor, registerClient, reserveSite, startPool } from '../support/stack.js';

/** The attacker's pages: one auto-submits a form POST to the logout route, the other navigates there. */
function attackerServer(logout: string): Promise<Server> {
  const pages: Record<string, string> = {
    '/post': `<!doctype html><form id="f" method="post" action="${logout}"><input name="returnTo" value="/"></form><script>document.getElementById('f').submit()</script>`,
    '/navigate': `<!doctype html><script>location.href = ${JSON.stringify(logout)}</script>`,
  };
  const server = createServer((req, res) => {
    const page = pages[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(page ?? 'not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.runIf(chromiumAvailable())('gateway logout CSRF in Chromium', () => {
  let emulator: Emulator;
  let gateway: RunningGateway;
  let browser: Browser;
  let attacker: Server;
  let context: BrowserContext;
  let page: Page;
  /** Every URL the browser requested at Cognito's /logout (a successful CSRF would go there). */
  const cognitoLogouts: string[] = [];

  beforeAll(async () => {
    emulator = await startPool();
    const at = await reserveSite();
    gateway = await gatewayFor(emulator, registerClient(emulator, [at.site]), at);
    attacker = await attackerServer(`${gateway.url}/_auth/logout`);
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
    context.on('request', (request) => {
      if (request.url().startsWith(`${emulator.url}/logout`)) cognitoLogouts.push(request.url());
    });
    await page.goto(`${gateway.url}/guide/`);
    await page.waitForURL((url) => url.href.startsWith(`${emulator.url}/login`));
    await page.fill('#username', READER.username);
    await page.fill('#password', READER.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${gateway.url}/guide/`);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
    await gateway?.close();
    await emulator?.stop();
  });

  const sessionCookie = async () => (await context.cookies(gateway.url)).find((c) => c.name === 'cc-visitor');

  /** The visitor still reads a protected page without signing in again. */
  async function stillSignedIn(): Promise<void> {
    expect(await sessionCookie()).toBeDefined();
    const response = await page.goto(`${gateway.url}/reference/api/`);
    expect(page.url()).toBe(`${gateway.url}/reference/api/`);
    expect(response?.status()).toBe(200);
    expect(cognitoLogouts).toEqual([]);
  }

  // 127.0.0.1:<other port> is another origin on the same site (Lax cookies go along); localhost is another site.
  const origins = () => {
    const { port } = attacker.address() as AddressInfo;
    return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  };

  it('keeps the session when another origin auto-submits a form POST to the logout route', async () => {
    for (const origin of origins()) {
      const refused = page.waitForResponse(
        (r) => r.url() === `${gateway.url}/_auth/logout` && r.request().method() === 'POST',
      );
      await page.goto(`${origin}/post`);
      const response = await refused;
      expect(response.status(), origin).toBe(403);
      expect(await response.text()).toContain('REQUEST_CROSS_SITE');
      await stillSignedIn();
    }
  });

  it('keeps the session when another origin navigates to the logout route: only a confirm page shows', async () => {
    for (const origin of origins()) {
      await page.goto(`${origin}/navigate`);
      await page.waitForURL(`${gateway.url}/_auth/logout`);
      expect(await page.isVisible('form[method="post"] button[type=submit]')).toBe(true);
      await stillSignedIn();
    }
  });

  it("ends the session and Cognito's with the confirm page's same-origin POST", async () => {
    await page.goto(`${gateway.url}/_auth/logout`);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.href.startsWith(`${emulator.url}/login`));
    expect(cognitoLogouts).toHaveLength(1);
    expect(await sessionCookie()).toBeUndefined();
    await page.goto(`${gateway.url}/reference/api/`);
    await page.waitForURL((url) => url.href.startsWith(`${emulator.url}/login`));
    expect(await page.isVisible('#password')).toBe(true);
  });
});
