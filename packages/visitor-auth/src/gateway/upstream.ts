// Upstream mode: streams admitted requests to one HTTP server over kept-alive connections, as a well-behaved reverse proxy.
import { Agent as HttpAgent, type IncomingHttpHeaders, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Connection-scoped headers a proxy must not forward (RFC 9110 §7.6.1), plus any the Connection header names. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Identity headers the gateway sets itself; a client's own copies are dropped so nobody can claim to be someone. */
export const IDENTITY_HEADER_PREFIX = 'x-auth-request-';

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * Removes one cookie from a Cookie header; undefined when nothing else is left.
 *
 * @example
 * ```ts
 * cookiesWithout('a=1; cc-visitor=sealed; b=2', 'cc-visitor'); // 'a=1; b=2'
 * ```
 */
export function cookiesWithout(header: string | undefined, name: string): string | undefined {
  if (!header || !header.includes(name)) return header;
  const kept = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '' && !part.startsWith(`${name}=`));
  return kept.length ? kept.join('; ') : undefined;
}

/** The reverse proxy to one upstream server (see {@link upstreamProxy}). */
export interface UpstreamProxy {
  /** Forwards `req` (body streamed) and streams the answer back with `overrides` applied to its headers. */
  forward(
    req: IncomingMessage,
    res: ServerResponse,
    identity: Record<string, string>,
    overrides: OutgoingHttpHeaders,
    fallbacks: OutgoingHttpHeaders,
  ): void;
  close(): void;
}

/** Where {@link upstreamProxy} forwards to, and what it keeps from the upstream (the session cookie). */
export interface UpstreamOptions {
  upstream: URL;
  /** The session cookie's name: the upstream never sees it. */
  sessionCookie: string;
  /** The public site (sets X-Forwarded-Host and -Proto). */
  site: URL;
  /** Called when the upstream cannot be reached, before anything was sent: answers the visitor (502). */
  unreachable: (res: ServerResponse) => void;
}

/**
 * Creates the proxy for `upstream`; keep one per gateway so connections are reused.
 *
 * @example
 * ```ts
 * const proxy = upstreamProxy({ upstream: new URL('http://127.0.0.1:4000'), sessionCookie: store.cookie.name, site, unreachable });
 * ```
 */
export function upstreamProxy(options: UpstreamOptions): UpstreamProxy {
  const { upstream, sessionCookie, site } = options;
  const secure = upstream.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 })
    : new HttpAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
  const send = secure ? httpsRequest : httpRequest;
  const basePath = upstream.pathname.replace(/\/+$/, '');
  const forwardedHost = site.host;
  const forwardedProto = site.protocol.slice(0, -1);

  return {
    forward(req, res, identity, overrides, fallbacks) {
      const headers = endToEnd(req.headers);
      // Also X_Auth_Request_Email and the like: CGI, PHP-FPM and WSGI servers read them as X-Auth-Request-Email.
      for (const name of Object.keys(headers))
        if (name.replace(/_/g, '-').startsWith(IDENTITY_HEADER_PREFIX)) delete headers[name];
      const cookie = cookiesWithout(req.headers.cookie, sessionCookie);
      if (cookie === undefined) delete headers.cookie;
      else headers.cookie = cookie;
      const remote = req.socket.remoteAddress ?? '';
      const priorFor = req.headers['x-forwarded-for'];
      headers['x-forwarded-for'] = priorFor ? `${priorFor}, ${remote}` : remote;
      headers['x-forwarded-host'] = forwardedHost;
      headers['x-forwarded-proto'] = forwardedProto;
      headers.host = upstream.host;
      Object.assign(headers, identity);
      const outgoing = send({
        agent,
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: basePath + (req.url ?? '/'),
        headers,
      });
      outgoing.on('response', (answer) => {
        const out: OutgoingHttpHeaders = { ...fallbacks, ...endToEnd(answer.headers), ...overrides };
        // A renewed session's cookie (set before forwarding) goes out beside the upstream's own cookies.
        const ours = res.getHeader('set-cookie');
        if (ours !== undefined && out['set-cookie'] !== undefined)
          out['set-cookie'] = [...[out['set-cookie']].flat(), ...[ours].flat()].map(String);
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, out);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      });
      outgoing.on('error', () => {
        if (res.headersSent) res.destroy();
        else options.unreachable(res);
      });
      // A visitor who goes away stops the upstream request too.
      res.on('close', () => {
        if (!res.writableFinished) outgoing.destroy();
      });
      req.pipe(outgoing);
    },
    close: () => agent.destroy(),
  };
}
