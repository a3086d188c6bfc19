// What the gateway serves once a visitor is admitted: a folder of static files, or an upstream server it proxies to.
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler } from 'hono';
import { proxy } from 'hono/proxy';
import type { CookieSpec } from '../cookies.js';
import type { GatewaySource } from './options.js';

/** Removes our session cookie from the Cookie header: the upstream has no business with it. */
function cookiesWithout(header: string | undefined, cookie: CookieSpec): string | undefined {
  if (!header) return undefined;
  const kept = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '' && !part.startsWith(`${cookie.name}=`));
  return kept.length ? kept.join('; ') : undefined;
}

function upstreamHandler(upstream: URL, session: CookieSpec, cacheControl: string): MiddlewareHandler {
  const base = upstream.href.replace(/\/+$/, '');
  return (c: Context) => {
    const url = new URL(c.req.url);
    return proxy(base + url.pathname + url.search, {
      raw: c.req.raw,
      headers: {
        ...c.req.header(),
        cookie: cookiesWithout(c.req.header('cookie'), session),
        host: undefined,
        'x-forwarded-host': url.host,
        'x-forwarded-proto': url.protocol.slice(0, -1),
      },
    }).then((response) => {
      // Whatever the upstream says, a page behind sign-in is private.
      response.headers.set('cache-control', cacheControl);
      return response;
    });
  };
}

/** The handler that serves admitted requests from `source`; `cacheControl` replaces the upstream's own. */
export function contentHandler(source: GatewaySource, session: CookieSpec, cacheControl: string): MiddlewareHandler {
  if (source.kind === 'upstream') return upstreamHandler(source.upstream, session, cacheControl);
  return serveStatic({ root: source.dir });
}
