// Cookie tossing (attack 10d) in Chromium: an attacker's sibling-subdomain page over TLS that plants login cookies for
// the whole registrable domain, the attacker's held-back login, and the evidence of what the browser did with each cookie.
import { type Server, type ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The registrable domain the suites' hosts share (`app.`, `docs.`, `strapi.`, `evil.`), resolved to 127.0.0.1. */
export const TOSSING_DOMAIN = 'example.test';
/** How the evil page plants: in its response's headers, or from a script. */
export const CHANNELS = ['Set-Cookie', 'document.cookie'] as const;
export type Channel = (typeof CHANNELS)[number];

/** One cookie the sibling subdomain plants for the whole registrable domain. */
export interface Planted {
  name: string;
  value: string;
  path: string;
}

/** Every spelling of `base` (no prefix, `__Secure-`, `__Host-`) at each of `paths`, holding `value`. */
export const spellings = (base: string, value: string, paths: readonly string[]): Planted[] =>
  ['', '__Secure-', '__Host-'].flatMap((prefix) => paths.map((path) => ({ name: `${prefix}${base}`, value, path })));

/** The Set-Cookie line (and document.cookie string) planting `cookie` for the whole domain. */
export const cookieLine = (cookie: Planted) =>
  `${cookie.name}=${cookie.value}; Domain=${TOSSING_DOMAIN}; Path=${cookie.path}; Secure; SameSite=Lax`;

export const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The attacker's page at https://evil.example.test; `plan` sets what the next visit plants. */
export interface EvilSite {
  url: string;
  plan: Planted[];
  close(): Promise<void>;
}

/**
 * Serves the attacker's sibling-subdomain page over TLS: `/plant?via=…&next=…` plants `plan` for the whole domain, by
 * Set-Cookie or by script, shows what its own document.cookie then holds (`#jar`), and links to `next` (`#go`).
 *
 * @example
 * ```ts
 * const evil = await startEvilSite({ cert, key });
 * evil.plan = spellings('cognito-tx', attackersValue, ['/']);
 * ```
 */
export async function startEvilSite(tls: { cert: string; key: Buffer | string }): Promise<EvilSite> {
  const site: EvilSite = { url: '', plan: [], close: async () => undefined };
  const page = (url: URL, res: ServerResponse) => {
    const via = url.searchParams.get('via') as Channel;
    const next = url.searchParams.get('next') ?? '/';
    const script =
      via === 'document.cookie'
        ? site.plan.map((cookie) => `document.cookie = ${JSON.stringify(cookieLine(cookie))};`).join('\n')
        : '';
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      ...(via === 'Set-Cookie' ? { 'set-cookie': site.plan.map(cookieLine) } : {}),
    });
    res.end(`<!doctype html><title>Free stickers</title>
<script>${script}
addEventListener('DOMContentLoaded', () => { document.getElementById('jar').textContent = document.cookie; });</script>
<p id="jar"></p><a id="go" href="${escapeHtml(next)}">Claim your stickers</a>`);
  };
  const server: Server = createServer(tls, (req, res) => page(new URL(req.url ?? '/', 'https://evil'), res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.url = `https://evil.${TOSSING_DOMAIN}:${(server.address() as AddressInfo).port}`;
  site.close = () => new Promise((resolve) => server.close(() => resolve()));
  return site;
}

/**
 * The attacker, in a browser context of their own, opens `start`, signs in (`signIn`) and stops before the callback
 * under `callbackPrefix` reaches the server: their unused callback URL and the cookies of that login for it.
 * DevTools' Fetch domain holds the callback (it sees a redirect's next hop, which Playwright's routes do not).
 *
 * @example
 * ```ts
 * const { callback, cookies } = await heldLogin(browser, `${site}/login`, `${site}/callback`, (page) => signIn(page));
 * ```
 */
export async function heldLogin(
  browser: Browser,
  start: string,
  callbackPrefix: string,
  signIn: (page: Page) => Promise<void>,
): Promise<{ callback: string; cookies: Record<string, string> }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
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
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: `${callbackPrefix}?*` }] });
    await page.goto(start);
    await signIn(page);
    const callback = await held;
    await page.waitForURL(callback);
    const cookies = Object.fromEntries((await context.cookies(callback)).map((c) => [c.name, c.value]));
    return { callback, cookies };
  } finally {
    await context.close();
  }
}

/** What Chromium did with the planted cookies: refused Set-Cookie lines and why, what it stored, what it sends. */
export interface Evidence {
  refused: Array<{ line: string; reasons: string[] }>;
  jar: string;
  stored: string[];
  sentTo: (url: string) => Promise<string[]>;
}

/**
 * The victim's browser opens the evil page, which plants its plan over `via` and links to `next`; checks the page is
 * a secure context (the test certificate is trusted as a real one would be).
 *
 * @example
 * ```ts
 * const evidence = await visitEvil(context, page, evil, 'Set-Cookie', attackersCallback);
 * ```
 */
export async function visitEvil(
  context: BrowserContext,
  page: Page,
  evil: EvilSite,
  via: Channel,
  next: string,
): Promise<Evidence> {
  const refused: Evidence['refused'] = [];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.responseReceivedExtraInfo', (event) => {
    for (const blocked of event.blockedCookies) {
      refused.push({ line: blocked.cookieLine, reasons: blocked.blockedReasons });
    }
  });
  await page.goto(`${evil.url}/plant?${new URLSearchParams({ via, next })}`);
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
  const line = (c: { name: string; domain: string; path: string }) => `${c.name} ${c.domain} ${c.path}`;
  return {
    refused,
    jar: (await page.textContent('#jar')) ?? '',
    stored: (await context.cookies()).map(line).sort(),
    sentTo: async (url) => (await context.cookies(url)).map(line).sort(),
  };
}

/** What a browser that enforces cookie prefixes stores: every planted cookie but the `__Host-` ones, domain-wide. */
export const domainWide = (planted: readonly Planted[]) =>
  planted
    .filter((cookie) => !cookie.name.startsWith('__Host-'))
    .map((cookie) => `${cookie.name} .${TOSSING_DOMAIN} ${cookie.path}`)
    .sort();

/**
 * Asserts Chromium stored every planted cookie but the `__Host-` ones (refused by Set-Cookie with `InvalidPrefix`,
 * silently by document.cookie), then prints the evidence (names, paths, reasons; no values).
 *
 * @example
 * ```ts
 * expectOnlyHostPrefixRefused(evidence, 'Set-Cookie', evil.plan, 'gateway');
 * ```
 */
export function expectOnlyHostPrefixRefused(
  evidence: Evidence,
  via: Channel,
  planted: readonly Planted[],
  scenario: string,
): void {
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
  const refused = evidence.refused.map(({ line, reasons }) => {
    const [pair = '', ...attributes] = line.split('; ');
    return `${pair.split('=')[0]}; ${attributes.join('; ')} (${reasons.join(', ')})`;
  });
  console.info(
    `[cookie tossing, ${scenario}, ${via}] refused: ${refused.join(' | ') || 'none'}; stored: ${evidence.stored.join(' | ')}`,
  );
}

/**
 * The whole toss in a fresh browser context: the victim opens the evil page, which plants its plan over `via`
 * (asserted: only the `__Host-` copies refused, every other copy sent to `callback`'s host), then follows its link to
 * the attacker's `callback`. Resolves the callback's status, with the context and page to go on from.
 *
 * @example
 * ```ts
 * const { status, context } = await tossAndFollow(browser, evil, 'Set-Cookie', callback, 'gateway');
 * ```
 */
export async function tossAndFollow(
  browser: Browser,
  evil: EvilSite,
  via: Channel,
  callback: string,
  scenario: string,
): Promise<{ context: BrowserContext; page: Page; status: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const evidence = await visitEvil(context, page, evil, via, callback);
  expectOnlyHostPrefixRefused(evidence, via, evil.plan, scenario);
  // The app's host gets every domain-wide copy at the callback, and no planted __Host- one.
  expect(await evidence.sentTo(callback)).toEqual(domainWide(evil.plan));
  const answer = page.waitForResponse((response) => response.url() === callback);
  await page.click('#go');
  const status = (await answer).status();
  // A refusal or a page stays at the callback; a redirect (the login went through) goes on from there.
  if (status < 300 || status >= 400) await page.waitForURL(callback);
  return { context, page, status };
}
