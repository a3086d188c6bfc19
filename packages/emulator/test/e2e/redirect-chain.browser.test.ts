// Real Chromium: POST /login → the relying party's callback → a front end on a third origin must not be cut by the CSP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../../../../test-fixtures/support/chromium.js';
import type { Emulator } from '../../src/index.js';
import { ALICE, authorizeUrl, pkce, startSeeded } from '../support.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server | undefined): Promise<void> {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
}

describe.runIf(chromiumAvailable())('hosted UI redirect chain to a third origin in Chromium', () => {
  let emulator: Emulator;
  let relyingParty: Server;
  let frontEnd: Server;
  let callback: string;
  let frontEndUrl: string;
  let browser: Browser;
  let clientId: string;

  beforeAll(async () => {
    emulator = await startSeeded();
    // The front end (another port, so another origin): only says it was reached.
    frontEnd = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1 id="front">signed in</h1>'),
    );
    frontEndUrl = await listen(frontEnd);
    // The relying party (like Strapi's callback): takes the code and sends the browser on to the front end.
    relyingParty = createServer((req, res) => {
      const code = new URL(req.url ?? '/', 'http://rp').searchParams.get('code') ?? 'none';
      res.writeHead(302, { location: `${frontEndUrl}/connected?had_code=${code === 'none' ? 'no' : 'yes'}` }).end();
    });
    callback = `${await listen(relyingParty)}/api/connect/cognito/callback`;
    clientId = emulator.admin.addClient({
      name: 'Third Origin App',
      callbackUrls: [callback],
      supportedIdentityProviders: ['COGNITO'],
    }).clientId;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await close(relyingParty);
    await close(frontEnd);
    await emulator?.stop();
  });

  it('lands on the front end after the sign-in form, with no CSP violation on the way', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    let reportViolation: (text: string) => void = () => undefined;
    const violated = new Promise<string>((resolve) => (reportViolation = resolve));
    page.on('console', (message) => {
      if (!/Content Security Policy/i.test(message.text())) return;
      violations.push(message.text());
      reportViolation(message.text());
    });
    await page.goto(
      authorizeUrl(emulator, {
        client_id: clientId,
        redirect_uri: callback,
        state: 'chain',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      }),
    );
    await page.fill('#username', ALICE.username);
    await page.fill('#password', ALICE.password);
    // Whichever comes first: the front end loads, or Chromium reports the blocked redirect.
    await page.click('button[type=submit]');
    await Promise.race([page.waitForURL((u) => u.href.startsWith(frontEndUrl)), violated]);

    expect(violations).toEqual([]);
    expect(page.url()).toBe(`${frontEndUrl}/connected?had_code=yes`);
    expect(await page.locator('#front').innerText()).toBe('signed in');
    await context.close();
  });
});
