// Koa → Web `Request`: how core's edge checks (https or not, same origin or not) judge a request Strapi received.
import { isSecureRequest } from '@cognito-connect/core';
import type { KoaContext } from './strapi.js';

/**
 * The request as a Web `Request` (no body): the socket's own scheme and the host Koa read, so core decides with
 * `trustProxy` (Strapi's `server.proxy.koa`) whether a forwarded `https` counts.
 */
export function requestOf(ctx: KoaContext): Request {
  const scheme = ctx.req.socket.encrypted ? 'https' : 'http';
  const headers = new Headers();
  for (const [name, value] of Object.entries(ctx.request.header)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  let url: URL;
  try {
    url = new URL(ctx.request.url, `${scheme}://${ctx.host || 'localhost'}`);
  } catch {
    url = new URL(`${scheme}://localhost/`);
  }
  return new Request(url, { method: ctx.method, headers });
}

/** True when the browser reached Strapi over https, directly or through a proxy Strapi trusts (core's rule). */
export function isSecure(ctx: KoaContext): boolean {
  return isSecureRequest(requestOf(ctx), { trustProxy: Boolean(ctx.app.proxy) });
}
