// Cookie tossing (attack 10d) in real Chromium over TLS with real host names: https://evil.example.test, a sibling
// subdomain, plants `Domain=example.test` login cookies (by Set-Cookie and by document.cookie) holding an attacker's
// login transaction and session, then sends the victim to the attacker's callback URL. The gateway behind nginx
// (`__Host-` cookies at Path=/) refuses it and the victim signs in as themselves; the same browser and the same planted
// cookies do sign the victim in as the attacker through a shared-host handler's `__Secure-` Path=/_auth/ cookie (the
// `transactionCookiePath` the GitBook integration passes on GitBook's host; createVisitorAuth's default was it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '@cognito-connect/emulator';
import { createVisitorAuth } from '@cognito-connect/visitor-auth';
import { getRequestListener } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { Agent as TlsDispatcher, fetch as undiciFetch } from 'undici';
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
  escapeHtml,
  heldLogin,
  spellings,
  startEvilSite,
  tossAndFollow,
} from '../../../../test-fixtures/support/cookie-tossing.js';
import { OPENSSL, selfSignedCertificate } from '../../../../test-fixtures/support/tls.js';
import { freePort } from '../support/agent.js';
import { type ForwardAuthSites, startForwardAuthSites } from '../support/forward-auth.js';
import { NGINX, binaryAvailable, startNginx } from '../support/proxies.js';
import { COOKIE_SECRET, OUTSIDER, READER } from '../support/stack.js';

const DOMAIN = TOSSING_DOMAIN;
const TX = 'cc-visitor-tx';
const SESSION = 'cc-visitor';
const ATTACKER = OUTSIDER;
const VICTIM = READER;
/** Where the gateway's and the shared-host handler's login cookies could be scoped. */
const PATHS = ['/', '/_auth/'];

/** The app behind nginx: the path and the user nginx passed on. */
const appPage = (req: { url?: string; headers: Record<string, string | string[] | undefined> }) =>
  `<!doctype html><title>App</title><h1 id="path">${escapeHtml(req.url ?? '')}</h1>
<p id="email">${escapeHtml(String(req.headers['x-auth-request-email'] ?? ''))}</p>`;

const close = (server: Server | undefined) =>
  new Promise((resolve) => (server?.listening ? server.close(resolve) : resolve(undefined)));

const available = chromiumAvailable() && binaryAvailable(NGINX, 'nginx') && binaryAvailable(OPENSSL, 'openssl');

describe.runIf(available)('cookie tossing from a sibling subdomain, in Chromium over TLS', () => {
  let certDir: string;
  let stack: ForwardAuthSites<'app'>;
  let emulator: Emulator;
  let docsServer: Server;
  let evil: EvilSite;
  let dispatcher: TlsDispatcher;
  let browser: Browser;
  /** The gateway's site behind nginx (`__Host-` login cookies at Path=/). */
  let appSite: string;
  /** A shared-host handler's site (`transactionCookiePath: '/_auth/'`: the transaction cookie `__Secure-` at /_auth/). */
  let docsSite: string;

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'cc-tossing-'));
    const certificate = selfSignedCertificate(
      certDir,
      ['app', 'docs', 'evil'].map((host) => `${host}.${DOMAIN}`),
    );
    const tls = { cert: certificate.pem, key: readFileSync(certificate.keyFile) };
    dispatcher = new TlsDispatcher({ connect: { ca: certificate.pem } });
    const tlsFetch: typeof fetch = (input, init) =>
      undiciFetch(input as string, { ...(init as object), dispatcher }) as unknown as Promise<Response>;

    const docsPort = await freePort();
    docsSite = `https://docs.${DOMAIN}:${docsPort}`;
    stack = await startForwardAuthSites({
      variants: ['app'],
      proxy: (site) =>
        startNginx(site, 'always', { certFile: certificate.certFile, keyFile: certificate.keyFile, fetch: tlsFetch }),
      app: (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(appPage(req));
      },
      clientName: 'Cookie tossing',
      extraSites: [docsSite],
      scheme: 'https',
      host: `app.${DOMAIN}`,
    });
    const { client } = stack;
    emulator = stack.emulator;
    appSite = stack.sites.app.url;

    // A shared-host handler scoped to its folder, as the GitBook integration's endpoint is.
    const docs = createVisitorAuth({
      cognito: {
        ...emulator.settingsFor(client.clientId),
        redirectUri: `${docsSite}/_auth/callback`,
        transactionSecret: COOKIE_SECRET,
      },
      site: { url: docsSite },
      transactionCookiePath: '/_auth/',
      signedIn: ({ claims }) =>
        new Response(`<!doctype html><title>Docs</title><p id="email">${escapeHtml(String(claims.email))}</p>`, {
          headers: { 'content-type': 'text/html; charset=utf-8' },
        }),
    });
    docsServer = createHttpsServer(
      tls,
      getRequestListener((request) => docs.fetch(request)),
    );
    await new Promise<void>((resolve) => docsServer.listen(docsPort, '127.0.0.1', resolve));

    evil = await startEvilSite(tls);

    browser = await launchChromium(httpsHostsArgs(DOMAIN, certificate.spki));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await Promise.all([close(docsServer), evil?.close()]);
    await dispatcher?.close();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  /** The attacker starts a login at `start` in a browser of their own, and keeps its callback for the victim. */
  const attackersLogin = (start: string, site: string) =>
    heldLogin(browser, start, `${site}/_auth/callback`, (page) => signInOnHostedUi(page, emulator.url, ATTACKER));

  /** The attacker's own signed-in gateway session cookie (a whole login in their browser). */
  async function attackersSession(): Promise<string> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${appSite}/docs/attacker`);
      await signInOnHostedUi(page, emulator.url, ATTACKER);
      await page.waitForURL(`${appSite}/docs/attacker`);
      expect(await page.textContent('#email')).toBe(ATTACKER.email);
      const session = (await context.cookies(appSite)).find((c) => c.name === `__Host-${SESSION}`);
      expect(session).toMatchObject({ domain: `app.${DOMAIN}`, path: '/', secure: true, httpOnly: true });
      return session?.value as string;
    } finally {
      await context.close();
    }
  }

  it.each(CHANNELS)(
    'the gateway behind nginx: planted by %s, the attacker’s transaction and session are refused and the victim signs in as themselves',
    async (via) => {
      const attackerSession = await attackersSession();
      const { callback, cookies } = await attackersLogin(`${appSite}/docs/attacker`, appSite);
      const attackerTx = cookies[`__Host-${TX}`] as string;
      expect(attackerTx).toBeTruthy();
      evil.plan = [...spellings(TX, attackerTx, PATHS), ...spellings(SESSION, attackerSession, PATHS)];

      // The victim follows the evil page's link to the attacker's callback: no transaction, no login.
      const { context, page, status } = await tossAndFollow(browser, evil, via, callback, 'gateway');
      expect(status).toBe(400);
      expect(await page.content()).not.toContain(ATTACKER.email);
      expect((await context.cookies(appSite)).map((c) => c.name)).not.toContain(`__Host-${SESSION}`);

      // The planted session is no session either: the app sends the victim to sign in, and they land as themselves.
      await page.goto(`${appSite}/docs/mine`);
      await signInOnHostedUi(page, emulator.url, VICTIM);
      await page.waitForURL(`${appSite}/docs/mine`);
      expect(await page.textContent('#email')).toBe(VICTIM.email);
      const own = await context.cookies(appSite);
      expect(own.find((c) => c.name === `__Host-${SESSION}`)).toMatchObject({ domain: `app.${DOMAIN}`, secure: true });
      // The planted cookies are still there and still sent; the gateway reads only its __Host- names.
      expect((await context.cookies(`${appSite}/docs/next`)).map((c) => c.name)).toEqual(
        expect.arrayContaining([SESSION, `__Secure-${SESSION}`]),
      );
      await page.goto(`${appSite}/docs/next`);
      expect(await page.textContent('#email')).toBe(VICTIM.email);
      await context.close();
    },
    120_000,
  );

  it.each(CHANNELS)(
    'the shared-host handler’s __Secure- transaction at /_auth/: planted by %s, it signs the victim in as the attacker',
    async (via) => {
      const { callback, cookies } = await attackersLogin(`${docsSite}/_auth/login?location=/`, docsSite);
      const attackerTx = cookies[`__Secure-${TX}`] as string;
      expect(attackerTx).toBeTruthy();
      evil.plan = spellings(TX, attackerTx, PATHS);

      // The browser sends the planted __Secure- transaction with the attacker's callback: the victim is the attacker now.
      const { context, page, status } = await tossAndFollow(browser, evil, via, callback, '__Secure- handler');
      expect(status).toBe(200);
      expect(await page.textContent('#email')).toBe(ATTACKER.email);
      await context.close();
    },
    120_000,
  );
});
