// Cookie tossing (attack 10d) against Strapi in real Chromium: Strapi behind a TLS-terminating proxy
// (`server.proxy.koa: true`) at https://strapi.example.test, and https://evil.example.test, a sibling subdomain, that
// plants `Domain=example.test` copies of an attacker's login cookies (by Set-Cookie and by document.cookie) before
// sending the victim to the attacker's callback. Chromium refuses every `__Host-` copy; Strapi reads only `__Host-`
// names, so the attacker's login is refused and the victim then signs in as themselves.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  httpsHostsArgs,
  launchChromium,
  signInOnHostedUi,
} from '../../../../test-fixtures/support/chromium.js';
import {
  CHANNELS,
  type EvilSite,
  TOSSING_DOMAIN,
  heldLogin,
  spellings,
  startEvilSite,
  tossAndFollow,
} from '../../../../test-fixtures/support/cookie-tossing.js';
import { freePort } from '../../../../test-fixtures/support/ports.js';
import {
  type TlsProxy,
  opensslAvailable,
  selfSignedCertificate,
  startTlsProxy,
} from '../../../../test-fixtures/support/tls.js';
import { ALICE, BOB, type Stack, startStack } from '../support/stack.js';

const ATTACKER = BOB;
const VICTIM = ALICE;
/** Where a sibling could scope copies of Strapi's login cookies: the host, the API, the plugin's routes. */
const PATHS = ['/', '/api/', '/api/cognito-connect/'];

describe.runIf(chromiumAvailable() && opensslAvailable())('cookie tossing against Strapi over TLS, in Chromium', () => {
  let certDir: string;
  let stack: Stack;
  let proxy: TlsProxy;
  let evil: EvilSite;
  let browser: Browser;
  let site: string;

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'cc-strapi-tossing-'));
    const certificate = selfSignedCertificate(
      certDir,
      ['strapi', 'evil'].map((host) => `${host}.${TOSSING_DOMAIN}`),
    );
    const tls = { cert: certificate.pem, key: readFileSync(certificate.keyFile) };
    site = `https://strapi.${TOSSING_DOMAIN}:${await freePort()}`;
    // Strapi behind a TLS-terminating proxy: it trusts X-Forwarded-Proto (server.proxy.koa).
    process.env.TRUST_PROXY = 'true';
    stack = await startStack({ publicUrl: site });
    proxy = await startTlsProxy(Number(new URL(site).port), stack.address, tls);
    evil = await startEvilSite(tls);
    browser = await launchChromium(httpsHostsArgs(TOSSING_DOMAIN, certificate.spki));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([evil?.close(), proxy?.close()]);
    await stack?.stop();
    delete process.env.TRUST_PROXY;
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  const login = () => `${site}/api/cognito-connect/login?returnTo=${encodeURIComponent('/auth-done.html')}`;

  it.each(CHANNELS)(
    "planted by %s, the attacker's transaction and binding are refused and the victim signs in as themselves",
    async (via) => {
      const { callback, cookies } = await heldLogin(browser, login(), `${site}/api/cognito-connect/callback`, (page) =>
        signInOnHostedUi(page, stack.emulator.url, ATTACKER),
      );
      const names = Object.keys(cookies).sort();
      expect(names).toEqual(['__Host-cognito_connect_bind', '__Host-cognito_connect_tx']);
      evil.plan = names.flatMap((name) => spellings(name.slice('__Host-'.length), cookies[name] as string, PATHS));

      // The victim follows the evil page's link to the attacker's callback: Strapi finds no transaction of its own.
      const { context, page, status } = await tossAndFollow(browser, evil, via, callback, 'Strapi');
      expect(status).toBe(400);
      expect(await page.content()).toContain('FLOW_TRANSACTION_INVALID');

      // Then the victim signs in as themselves, the planted copies still in the jar.
      await page.goto(login());
      await signInOnHostedUi(page, stack.emulator.url, VICTIM);
      await page.waitForURL((url) => url.href.startsWith(`${site}/auth-done.html`));
      await expect.poll(() => page.textContent('#status')).toBe('Signed in');
      expect(await page.textContent('#user')).toBe('alice <alice@example.com>');
      expect((await context.cookies(callback)).map((c) => c.name)).toEqual(
        expect.arrayContaining(['cognito_connect_tx', '__Secure-cognito_connect_tx']),
      );
      await context.close();
    },
    180_000,
  );
});
