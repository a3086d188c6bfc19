// The standalone gateway: the visitor-auth handler in front of a static folder or an upstream, with the session in a sealed cookie.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { withCookies } from '../cookies.js';
import { parseSite } from '../destination.js';
import { createVisitorAuth, type VisitorAuth } from '../handler.js';
import { htmlPage } from '../pages.js';
import { contentHandler } from './content.js';
import { type GatewayOptions, resolveGatewayOptions } from './options.js';
import { sessionStore } from './session.js';

/** Where the gateway's own routes live, out of the way of any docs page. */
export const GATEWAY_CALLBACK_PATH = '/_auth/callback';

export interface Gateway {
  /** Web-standard handler: everything the gateway serves. */
  fetch(request: Request): Promise<Response>;
  readonly auth: VisitorAuth;
  /** The public site URL. */
  readonly site: string;
}

export interface RunningGateway {
  /** The public site URL without a trailing slash (what to open in a browser; append paths to it). */
  readonly url: string;
  /** The port actually listened on (useful with port 0). */
  readonly port: number;
  /** The callback URL to register on the Cognito app client. */
  readonly callbackUrl: string;
  close(): Promise<void>;
}

const READ_ONLY = new Set(['GET', 'HEAD']);
const PRIVATE = 'private, no-cache';

/** Builds the gateway for a known public site URL, without listening (tests, custom servers). */
export function createGateway(options: GatewayOptions & { site: string }): Gateway {
  const { source, cookieSecret } = resolveGatewayOptions(options);
  const siteRoot = options.site.replace(/\/+$/, '');
  const cognito = {
    ...options.cognito,
    redirectUri: options.cognito.redirectUri ?? siteRoot + GATEWAY_CALLBACK_PATH,
    transactionSecret: options.cognito.transactionSecret ?? cookieSecret,
  };
  const session = sessionStore(cookieSecret, parseSite(options.site, 'site').secure);
  const auth = createVisitorAuth({
    cognito,
    site: { url: options.site },
    claims: options.claims,
    sessionTtl: options.sessionTtl,
    logoutUrl: options.logoutUrl,
    requiredGroups: options.requiredGroups,
    signedIn: async (visitor) => {
      const cookie = await session.create({ claims: visitor.claims, expiresAt: visitor.expiresAt });
      const headers = new Headers({ location: visitor.destination, 'cache-control': 'no-store', 'set-cookie': cookie });
      return new Response(null, { status: 302, headers });
    },
  });
  const { login, callback, logout } = auth.paths;

  const app = new Hono();
  app.use('*', async (c, next) => {
    const path = c.req.path;
    if (path === login || path === callback) return auth.fetch(c.req.raw);
    if (path === logout) return withCookies(await auth.fetch(c.req.raw), [session.clear()]);
    // Read headers through c.req, not c.req.raw: on Node that skips building a full Request for every page.
    const cookies = c.req.header('cookie');
    if (!(await session.read(cookies))) {
      // A cookie that failed to open (forged, expired, old secret) is removed so it is not sent again.
      const stale = cookies?.includes(`${session.cookie.name}=`) ? [session.clear()] : [];
      if (!READ_ONLY.has(c.req.method)) {
        return withCookies(
          new Response('Sign-in required', { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
          stale,
        );
      }
      const url = new URL(c.req.url);
      const headers = new Headers({ location: auth.loginUrl(url.pathname + url.search), 'cache-control': 'no-store' });
      return withCookies(new Response(null, { status: 302, headers }), stale);
    }
    // Pages behind sign-in must never land in a shared cache (set before, so static responses are built with it).
    c.header('cache-control', PRIVATE);
    await next();
  });
  app.all('*', contentHandler(source, session.cookie, PRIVATE));
  app.notFound(() =>
    htmlPage(404, {
      title: 'Page not found',
      message: 'There is no page at this address.',
      links: [{ href: auth.site.url, label: 'Go to the home page' }],
    }),
  );

  return { fetch: async (request) => app.fetch(request), auth, site: auth.site.url };
}

/** Starts the gateway on `host:port` and resolves once it is listening. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { port, host } = resolveGatewayOptions(options);
  let gateway: Gateway | undefined = options.site ? createGateway({ ...options, site: options.site }) : undefined;
  const server = createAdaptorServer({ fetch: (request: Request) => (gateway as Gateway).fetch(request) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  const actualPort = (server.address() as AddressInfo).port;
  if (!gateway) {
    const publicHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    try {
      gateway = createGateway({ ...options, site: `http://${publicHost}:${actualPort}` });
    } catch (error) {
      await close();
      throw error;
    }
  }
  const ready = gateway;
  return {
    url: ready.site.replace(/\/+$/, ''),
    port: actualPort,
    callbackUrl: new URL(ready.auth.paths.callback, ready.site).href,
    close,
  };
}
