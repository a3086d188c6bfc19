// The standalone gateway: the visitor-auth handler in front of a static folder or an upstream, with the session in a sealed cookie.
// Pages are answered straight on node:http (no Request/Response per page); only the sign-in routes go through the Web-standard handler.
import { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoConfigError, SIGNED_IN_CACHE_CONTROL, logSafe, refreshDue } from '@cognito-connect/core';
import { getRequestListener } from '@hono/node-server';
import { parseSite } from '../destination.js';
import { createVisitorAuth, type VisitorAuth } from '../handler.js';
import { htmlPage } from '../pages.js';
import { forwardAuth, forwardAuthPaths, returnUrlParameter } from './forward-auth.js';
import { identityHeaders } from './identity.js';
import { type GatewayOptions, resolveGatewayOptions } from './options.js';
import { RENEWAL_UNAVAILABLE, sessionRenewals } from './renewal.js';
import { type VisitorSession, sessionStore } from './session.js';
import { loadStaticSite } from './static-files.js';
import { upstreamProxy } from './upstream.js';

/** Where the gateway's own routes live, out of the way of any docs page. */
export const GATEWAY_CALLBACK_PATH = '/_auth/callback';

/**
 * Headers on every gateway response: no MIME sniffing, no framing by other sites (`frame-ancestors 'self'` and
 * its legacy twin `X-Frame-Options`), and no full URL in the Referer sent to other sites. In upstream mode the
 * upstream's own values of these headers win.
 */
export const GATEWAY_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'content-security-policy': "frame-ancestors 'self'",
  'referrer-policy': 'strict-origin-when-cross-origin',
});

/** A gateway built for one site, not yet listening. */
export interface Gateway {
  /** The Node request listener serving everything: `http.createServer(gateway.listener)`. */
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** The visitor-auth handler behind the gateway's login, callback and logout routes. */
  readonly auth: VisitorAuth;
  /** The public site URL. */
  readonly site: string;
  /** Releases what the gateway holds open (kept-alive upstream connections). */
  close(): void;
}

/** A gateway listening on a port. */
export interface RunningGateway {
  /** The public site URL without a trailing slash (what to open in a browser; append paths to it). */
  readonly url: string;
  /** The port actually listened on (useful with port 0). */
  readonly port: number;
  /** The callback URL to register on the Cognito app client. */
  readonly callbackUrl: string;
  /** Stops listening and releases the gateway's connections. */
  close(): Promise<void>;
}

function isReadOnly(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD';
}

/**
 * The login's transaction cookie is set on the site and must come back to the callback: a `redirectUri` on another
 * origin (an app's callback from the settings file, a stale host) would fail every login, so it stops the start instead.
 */
function refuseForeignCallback(redirectUri: string | undefined, siteRoot: string): void {
  if (redirectUri === undefined) return;
  let origin: string | undefined;
  try {
    origin = new URL(redirectUri).origin;
  } catch {
    return; // core names a malformed redirectUri itself
  }
  const site = new URL(siteRoot).origin;
  if (origin === site) return;
  throw new CognitoConfigError(
    'CONFIG_INVALID_URL',
    'cognito.redirectUri',
    `is on ${logSafe(origin)} but the gateway serves ${logSafe(site)}, so the sign-in cookie would never reach the ` +
      `callback; leave redirectUri out (the gateway then uses ${logSafe(site)}${GATEWAY_CALLBACK_PATH}) or set the site ` +
      `(--site) to the public URL it names.`,
  );
}

/**
 * Builds the gateway for a known public site URL, without listening (custom servers, tests).
 * Reads a `dir` into memory now, so a missing or unreadable folder fails here and not on a visitor's request.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createGateway } from '@cognito-connect/visitor-auth';
 *
 * const gateway = createGateway({
 *   cognito: { userPoolId: 'eu-west-1_AbC123xyZ', domain: 'acme', clientId: '…', clientSecret: '…' },
 *   site: 'https://docs.example.com',
 *   dir: './site',
 *   cookieSecret: process.env.GATEWAY_COOKIE_SECRET!,
 * });
 * createServer(gateway.listener).listen(8080, '127.0.0.1');
 * ```
 */
export function createGateway(options: GatewayOptions & { site: string }): Gateway {
  const { source, cookieSecret, maxSessionAge } = resolveGatewayOptions(options);
  const siteRoot = options.site.replace(/\/+$/, '');
  refuseForeignCallback(options.cognito.redirectUri, siteRoot);
  const cognito = {
    ...options.cognito,
    redirectUri: options.cognito.redirectUri ?? siteRoot + GATEWAY_CALLBACK_PATH,
    transactionSecret: options.cognito.transactionSecret ?? cookieSecret,
  };
  // Bound to this site and app client: a gateway of another site or pool sharing the secret cannot open its sessions.
  const session = sessionStore(
    cookieSecret,
    parseSite(options.site, 'site').secure,
    `${options.cognito.clientId} ${new URL(options.site).origin}`,
  );
  const auth = createVisitorAuth({
    cognito,
    site: { url: options.site },
    claims: options.claims,
    sessionTtl: options.sessionTtl,
    logoutUrl: options.logoutUrl,
    requiredGroups: options.requiredGroups,
    ...(options.replayGuard ? { cognitoClient: { replayGuard: options.replayGuard } } : {}),
    signedIn: async (visitor) => {
      const endsAt = Math.floor(Date.now() / 1000) + maxSessionAge;
      const cookie = await session.create(
        visitor.refreshToken === undefined
          ? { claims: visitor.claims, expiresAt: Math.min(visitor.expiresAt, endsAt) }
          : {
              claims: visitor.claims,
              expiresAt: Math.min(visitor.expiresAt, endsAt),
              refreshToken: visitor.refreshToken,
              endsAt,
            },
      );
      const headers = new Headers({ location: visitor.destination, 'cache-control': 'no-store', 'set-cookie': cookie });
      return new Response(null, { status: 302, headers });
    },
  });
  const { login, callback, logout } = auth.paths;
  const pageHeaders: OutgoingHttpHeaders = { ...GATEWAY_SECURITY_HEADERS, 'cache-control': SIGNED_IN_CACHE_CONTROL };

  // The sign-in routes are rare: they keep the Web-standard handler, translated by @hono/node-server.
  // Logout is core's: a GET shows a confirmation page, only a same-origin POST clears the session (logout CSRF).
  // Logout also revokes the session's refresh token, so a copy of the cookie cannot be refreshed afterwards.
  const authRoutes = getRequestListener((request: Request) =>
    new URL(request.url).pathname === logout
      ? auth.logout(request, {
          cookies: [session.clear()],
          onLogout: async () => {
            const ended = await session.read(request.headers.get('cookie'));
            if (ended?.refreshToken) await auth.revoke(ended.refreshToken).catch(() => undefined);
          },
        })
      : auth.fetch(request),
  );
  const renewals = sessionRenewals(auth, session);

  const notFound = htmlPage(404, {
    title: 'Page not found',
    message: 'There is no page at this address.',
    links: [{ href: auth.site.url, label: 'Go to the home page' }],
  }).then(async (page) => ({ headers: Object.fromEntries(page.headers), body: await page.text() }));

  const sendNotFound = (req: IncomingMessage, res: ServerResponse) =>
    void notFound.then((page) => {
      res.writeHead(404, { ...GATEWAY_SECURITY_HEADERS, ...page.headers });
      res.end(req.method === 'HEAD' ? undefined : page.body);
    });

  const fail = (res: ServerResponse, status: number, text: string, extra: OutgoingHttpHeaders = {}) => {
    res.writeHead(status, {
      ...GATEWAY_SECURITY_HEADERS,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      ...extra,
    });
    res.end(text);
  };

  const content =
    source.kind === 'dir'
      ? (() => {
          const files = loadStaticSite(source.dir, pageHeaders);
          return (req: IncomingMessage, res: ServerResponse, pathname: string, search: string) => {
            if (!isReadOnly(req.method)) return fail(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
            if (files.serve(req, res, pathname, search)) return;
            sendNotFound(req, res);
          };
        })()
      : undefined;
  const proxy =
    source.kind === 'upstream'
      ? upstreamProxy({
          upstream: source.upstream,
          sessionCookie: session.cookie.name,
          site: new URL(auth.site.origin),
          unreachable: (res) => fail(res, 502, 'The site behind this gateway did not answer.'),
        })
      : undefined;
  const proxyOverrides: OutgoingHttpHeaders = { 'cache-control': SIGNED_IN_CACHE_CONTROL };
  const checks =
    source.kind === 'forward-auth' ? forwardAuth(auth, session, renewals, GATEWAY_SECURITY_HEADERS) : undefined;
  const checkPaths = forwardAuthPaths(login.slice(0, login.lastIndexOf('/') + 1));

  const admit = (req: IncomingMessage, res: ServerResponse, visitor: VisitorSession, url: string) => {
    if (proxy) return proxy.forward(req, res, identityHeaders(visitor), proxyOverrides, GATEWAY_SECURITY_HEADERS);
    const q = url.indexOf('?');
    (content as NonNullable<typeof content>)(req, res, q === -1 ? url : url.slice(0, q), q === -1 ? '' : url.slice(q));
  };

  const refuse = (req: IncomingMessage, res: ServerResponse, cookieHeader: string | undefined, url: string) => {
    // A cookie that failed to open (forged, expired, old secret) is removed so it is not sent again.
    const deleted = session.stale(cookieHeader);
    const stale = deleted ? { 'set-cookie': deleted } : {};
    if (!isReadOnly(req.method)) return fail(res, 401, 'Sign-in required', stale);
    res.writeHead(302, {
      ...GATEWAY_SECURITY_HEADERS,
      location: auth.loginUrl(url.startsWith('/') ? url : `/${url}`),
      'cache-control': 'no-store',
      'content-length': 0,
      ...stale,
    });
    res.end();
  };

  /** Admits a valid session, renewing its tokens first when they are about to expire. */
  const serve = (
    req: IncomingMessage,
    res: ServerResponse,
    visitor: VisitorSession,
    cookieHeader: string | undefined,
    url: string,
  ) => {
    if (visitor.refreshToken === undefined || !refreshDue(visitor.expiresAt)) return admit(req, res, visitor, url);
    renewals.renew(visitor).then(
      (renewal) => {
        if (renewal === 'unavailable')
          return fail(res, RENEWAL_UNAVAILABLE.status, RENEWAL_UNAVAILABLE.text, RENEWAL_UNAVAILABLE.headers);
        if (renewal === null) return refuse(req, res, cookieHeader, url);
        if (renewal.cookie) res.setHeader('set-cookie', renewal.cookie);
        admit(req, res, renewal.session, url);
      },
      () => fail(res, 500, 'Something went wrong.'),
    );
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    if (checks && pathname === checkPaths.unavailable) return checks.unavailable(res);
    if (checks && (pathname === checkPaths.check || pathname === checkPaths.denied)) {
      const search = q === -1 ? '' : url.slice(q);
      const answer = pathname === checkPaths.check ? checks.check(req, res, search) : checks.denied(req, res, search);
      answer.catch(() => fail(res, 500, 'Something went wrong.'));
      return;
    }
    if (pathname === login || pathname === callback || pathname === logout) {
      // nginx's `error_page 401 = /_auth/login?rd=$scheme://$host$request_uri` names the page as `rd`.
      const rd = pathname === login && q !== -1 ? returnUrlParameter(url.slice(q)) : undefined;
      if (rd !== undefined) req.url = `${login}?location=${encodeURIComponent(rd)}`;
      for (const [name, value] of Object.entries(GATEWAY_SECURITY_HEADERS)) res.setHeader(name, value);
      void authRoutes(req, res);
      return;
    }
    if (source.kind === 'forward-auth') {
      sendNotFound(req, res);
      return;
    }
    const cookieHeader = req.headers.cookie;
    // The common case, answered without waiting: a cookie this process has opened before and that is still valid.
    const known = session.cached(cookieHeader);
    if (known) return serve(req, res, known, cookieHeader, url);
    if (known === null) return refuse(req, res, cookieHeader, url);
    session.read(cookieHeader).then(
      (visitor) => (visitor ? serve(req, res, visitor, cookieHeader, url) : refuse(req, res, cookieHeader, url)),
      () => fail(res, 500, 'Something went wrong.'),
    );
  };

  return { listener, auth, site: auth.site.url, close: () => proxy?.close() };
}

/**
 * Starts the gateway on `host:port` and resolves once it is listening.
 *
 * @example
 * ```ts
 * import { startGateway } from '@cognito-connect/visitor-auth';
 *
 * const gateway = await startGateway({
 *   cognito: { userPoolId: 'eu-west-1_AbC123xyZ', domain: 'acme', clientId: '…', clientSecret: '…' },
 *   site: 'https://docs.example.com',
 *   upstream: 'http://127.0.0.1:4000',
 *   port: 8080,
 *   cookieSecret: process.env.GATEWAY_COOKIE_SECRET!,
 * });
 * console.log(`register ${gateway.callbackUrl} on the app client`);
 * ```
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { port, host } = resolveGatewayOptions(options);
  let gateway: Gateway | undefined = options.site ? createGateway({ ...options, site: options.site }) : undefined;
  const server = createServer((req, res) => (gateway as Gateway).listener(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const close = () =>
    new Promise<void>((resolve, reject) => {
      gateway?.close();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
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
