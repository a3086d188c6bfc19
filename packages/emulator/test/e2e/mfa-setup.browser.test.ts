// The hosted UI's MFA set-up page in real Chromium: its QR code renders under the page's CSP (no violation), the
// secret beside it is what the QR code's otpauth URI carries, and a code from it signs in.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  launchChromium,
  screenshotPath,
  signInOnHostedUi,
} from '../../../../test-fixtures/support/chromium.js';
import { startEmulator, type Emulator } from '../../src/index.js';
import { openSignIn } from '../browser-support.js';
import { SEED_PATH } from '../support.js';

describe.runIf(chromiumAvailable())('MFA set-up page in Chromium', () => {
  let emulator: Emulator;
  let app: Server;
  let callback: string;
  let browser: Browser;
  let clientId: string;

  beforeAll(async () => {
    const seed = JSON.parse(await readFile(SEED_PATH, 'utf8')) as { userPool: Record<string, unknown> };
    seed.userPool.mfaConfiguration = 'ON';
    emulator = await startEmulator({ seed: seed as never, port: 0 });
    app = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>app</h1>'));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    callback = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
    clientId = emulator.admin.addClient({ name: 'QR Test App', callbackUrls: [callback] }).clientId;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    app?.closeAllConnections();
    await new Promise((resolve) => app?.close(resolve));
    await emulator?.stop();
  });

  it('renders the QR code image without a CSP violation, and the secret shown signs in', async () => {
    const { context, page, blocked } = await openSignIn(browser, emulator, {
      clientId,
      callback,
      state: 'qr',
      height: 900,
    });
    await signInOnHostedUi(page, emulator.url, { username: 'bob', password: 'Bob-password-1' });
    await page.getByRole('heading', { name: 'Set up an authenticator app' }).waitFor();
    const qr = page.locator('img#qrCode');
    await qr.waitFor();
    // Decoded and laid out: a blocked or broken image has no natural size.
    const size = await qr.evaluate((img: HTMLImageElement) => ({ width: img.naturalWidth, complete: img.complete }));
    expect(size).toEqual({ width: 200, complete: true });
    await page.screenshot({ path: screenshotPath('hosted-ui-mfa-setup-qr'), fullPage: true });

    const secret = await page.locator('#secretCode').innerText();
    const uri = new URL(await page.locator('#otpauthUri').innerText());
    expect(uri.searchParams.get('secret')).toBe(secret);
    await page.fill('#totpCode', new TOTP({ secret: Secret.fromBase32(secret) }).generate());
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback)), page.click('button[type=submit]')]);
    expect(new URL(page.url()).searchParams.get('state')).toBe('qr');
    expect(blocked).toEqual([]);
    await context.close();
  });
});
