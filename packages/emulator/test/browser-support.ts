// What the hosted-UI browser suites share: a fresh Chromium context at an app's authorize URL, recording CSP violations.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Emulator } from '../src/index.js';
import { authorizeUrl, pkce } from './support.js';

/**
 * A new browser context at the authorize URL of `clientId` (PKCE, `state`), recording every Content Security Policy
 * violation the pages report in `blocked`.
 */
export async function openSignIn(
  browser: Browser,
  emulator: Emulator,
  app: { clientId: string; callback: string; state: string; height?: number },
): Promise<{ context: BrowserContext; page: Page; blocked: string[] }> {
  const context = await browser.newContext({ viewport: { width: 800, height: app.height ?? 720 } });
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  await page.goto(
    authorizeUrl(emulator, {
      client_id: app.clientId,
      redirect_uri: app.callback,
      state: app.state,
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    }),
  );
  return { context, page, blocked };
}
