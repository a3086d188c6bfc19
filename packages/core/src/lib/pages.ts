// The few pages the login edge shows (failure, refusal, logout confirmation): plain escaped HTML, never cached or framed.

/** A link under a page's message. */
export interface PageLink {
  href: string;
  label: string;
}

/** A form button that POSTs to `action` (e.g. the logout confirmation). */
export interface PageForm {
  action: string;
  label: string;
}

/** What a page says; every value is escaped. */
export interface PageContent {
  title: string;
  message: string;
  /** Extra detail under the message, e.g. the error code for support. */
  detail?: string;
  links?: readonly PageLink[];
  form?: PageForm;
}

/** Headers every edge page and redirect carries: never cached, never framed, no referrer leaking a code. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
});

/**
 * `Cache-Control` for a page only a signed-in visitor may see, served by an adapter or a proxy after the check: the
 * browser may keep it (revalidating each time), no shared cache (a CDN, a caching proxy) may keep it for the next visitor.
 *
 * @example
 * ```ts
 * res.setHeader('cache-control', SIGNED_IN_CACHE_CONTROL); // 'private, no-cache'
 * ```
 */
export const SIGNED_IN_CACHE_CONTROL = 'private, no-cache';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2328}' +
  'h1{font-size:1.5rem}a{color:#0969da;margin-right:1rem}button{font:inherit;padding:.4rem 1rem}';

/**
 * Renders a small HTML page; every value is escaped. Never cached, never framed, no referrer.
 *
 * @example
 * ```ts
 * import { htmlPage } from '@cognito-connect/core';
 * return htmlPage(403, { title: 'Access denied', message: 'Ask the owner for access.', links: [{ href: '/', label: 'Home' }] });
 * ```
 */
export function htmlPage(status: number, content: PageContent): Response {
  const links = (content.links ?? [])
    .map((link) => `<a href="${escape(link.href)}">${escape(link.label)}</a>`)
    .join('');
  const form = content.form
    ? `<form method="post" action="${escape(content.form.action)}"><button type="submit">${escape(content.form.label)}</button></form>`
    : '';
  const body =
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(content.title)}</title>` +
    `<style>${STYLE}</style></head><body><main role="main"><h1>${escape(content.title)}</h1>` +
    `<p id="message">${escape(content.message)}</p>` +
    (content.detail ? `<p id="detail">${escape(content.detail)}</p>` : '') +
    form +
    (links ? `<p class="links">${links}</p>` : '') +
    `</main></body></html>`;
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...PAGE_HEADERS } });
}

/**
 * A redirect (303 by default, so a POST is followed by a GET) carrying the edge's page headers and any cookies.
 *
 * @example
 * ```ts
 * import { redirectResponse } from '@cognito-connect/core';
 * return redirectResponse('https://app.example.com/', { cookies: [clearCookie(session)] });
 * ```
 */
export function redirectResponse(
  location: string,
  options: { status?: 302 | 303 | 307; cookies?: readonly string[] } = {},
): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  for (const cookie of options.cookies ?? []) headers.append('set-cookie', cookie);
  return new Response(null, { status: options.status ?? 303, headers });
}
