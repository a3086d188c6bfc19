// Launches Debian's Chromium for browser tests; with CI set a missing browser fails the suite instead of skipping it.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where browser tests save screenshots (kept as test artifacts, ignored by git). */
export const ARTIFACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'screenshots');

/**
 * True when the browser can run here. Outside CI a missing browser skips the suite with a printed reason;
 * under CI it throws, because a skipped browser suite must never look green.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) {
    throw new Error(
      `Chromium is required for browser tests but ${CHROMIUM_PATH} is missing: apt-get install -y chromium`,
    );
  }
  console.warn(`[browser tests skipped] ${CHROMIUM_PATH} not found; install it with: apt-get install -y chromium`);
  return false;
}

/** Launches headless Chromium with the repository's flags, plus `extraArgs` (e.g. {@link httpsHostsArgs}). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * Flags that let Chromium visit real host names over TLS on loopback: every host under `domain` resolves to
 * 127.0.0.1, and the certificate whose public key hashes to `spki` (base64 SHA-256, as `selfSignedCertificate`
 * returns) is accepted as if a trusted CA had issued it, so the origin is a secure context whose `Secure` and
 * `__Host-` cookies behave as on a real https site. Nothing else is trusted: any other certificate still fails.
 */
export function httpsHostsArgs(domain: string, spki: string): string[] {
  return [`--host-resolver-rules=MAP *.${domain} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${spki}`];
}

export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, `${name}.png`);
}

/** Waits for the hosted UI's sign-in page at `domainUrl` (the emulator's URL), then fills and submits it as `user`. */
export async function signInOnHostedUi(
  page: Page,
  domainUrl: string,
  user: { username: string; password: string },
): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(`${domainUrl}/login`));
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('button[type=submit]');
}
