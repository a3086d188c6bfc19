// Forward-auth mode: the check endpoint nginx auth_request, Caddy forward_auth and Traefik ForwardAuth ask before serving a request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requireGroup } from '@cognito-connect/core';
import type { VisitorAuth } from '../handler.js';
import { htmlPage } from '../pages.js';
import { identityHeaders } from './identity.js';
import { refreshDue } from '@cognito-connect/core';
import { RENEWAL_UNAVAILABLE, type sessionRenewals } from './renewal.js';
import type { SessionStore, VisitorSession } from './session.js';

/** The header a proxy may set (instead of `?group=`) to require groups for one location: comma-separated names. */
export const REQUIRED_GROUP_HEADER = 'x-auth-required-group';

/**
 * The forward-auth routes beside login/callback/logout: the check, the refusal page nginx's `error_page 403` shows, and
 * the 503 page its `error_page 500` shows (auth_request answers 500 for a check that said 503, or did not answer).
 *
 * @example
 * ```ts
 * forwardAuthPaths('/_auth/'); // { check: '/_auth/check', denied: '/_auth/denied', unavailable: '/_auth/unavailable' }
 * ```
 */
export function forwardAuthPaths(dir: string): { check: string; denied: string; unavailable: string } {
  return { check: `${dir}check`, denied: `${dir}denied`, unavailable: `${dir}unavailable` };
}

function requiredGroups(req: IncomingMessage, query: URLSearchParams): string[] {
  const header = req.headers[REQUIRED_GROUP_HEADER];
  const listed = [...query.getAll('group'), ...(Array.isArray(header) ? header : header ? [header] : [])];
  return listed.flatMap((value) => value.split(',').map((name) => name.trim())).filter(Boolean);
}

function groupsOf(visitor: VisitorSession): string[] {
  const groups = visitor.claims.groups;
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
}

/** The page the visitor asked the proxy for, rebuilt from Caddy's and Traefik's X-Forwarded-Proto/-Host/-Uri. */
function forwardedUrl(req: IncomingMessage): string | undefined {
  const uri = req.headers['x-forwarded-uri'];
  const host = req.headers['x-forwarded-host'] ?? req.headers.host;
  const proto = req.headers['x-forwarded-proto'] ?? 'http';
  if (typeof uri !== 'string' || typeof host !== 'string' || typeof proto !== 'string') return undefined;
  return `${proto.split(',')[0]?.trim()}://${host.split(',')[0]?.trim()}${uri.startsWith('/') ? uri : `/${uri}`}`;
}

/** A browser navigating (not an API call, not a form post): worth sending to the hosted UI. */
function isBrowserNavigation(req: IncomingMessage): boolean {
  const method = req.headers['x-forwarded-method'] ?? req.method;
  return (method === 'GET' || method === 'HEAD') && String(req.headers.accept ?? '').includes('text/html');
}

/**
 * The `rd` of `/_auth/login?rd=<url>` as nginx builds it (`rd=$scheme://$host$request_uri`, not encoded, so it runs
 * to the end of the query) or encoded by other proxies. Where it may lead is decided later, by the site's redirect rule.
 *
 * @example
 * ```ts
 * returnUrlParameter('?rd=https://docs.example.com/guide?page=2'); // 'https://docs.example.com/guide?page=2'
 * ```
 */
export function returnUrlParameter(search: string): string | undefined {
  const query = search.startsWith('?') ? search.slice(1) : search;
  let at: number;
  if (query.startsWith('rd=')) at = 3;
  else {
    const index = query.indexOf('&rd=');
    if (index === -1) return undefined;
    at = index + 4;
  }
  const raw = query.slice(at);
  if (/^(https?%3A|%2F)/i.test(raw)) {
    try {
      return decodeURIComponent(raw.split('&')[0] as string);
    } catch {
      return undefined;
    }
  }
  return raw;
}

/**
 * Serves the check and refusal routes for one gateway.
 *
 * @example
 * ```ts
 * const checks = forwardAuth(auth, session, sessionRenewals(auth, session), GATEWAY_SECURITY_HEADERS);
 * ```
 */
export function forwardAuth(
  auth: VisitorAuth,
  session: SessionStore,
  renewals: ReturnType<typeof sessionRenewals>,
  headers: Readonly<Record<string, string>>,
) {
  const write = (res: ServerResponse, status: number, extra: Record<string, string | number>, body?: string) => {
    res.writeHead(status, { ...headers, 'cache-control': 'no-store', ...extra });
    res.end(body);
  };

  const refusal = async (
    res: ServerResponse,
    visitor: VisitorSession | null,
    groups: readonly string[],
    extra: Record<string, string> = {},
  ) => {
    const who = typeof visitor?.claims.email === 'string' ? visitor.claims.email : 'this account';
    const page = await htmlPage(403, {
      title: 'Access denied',
      message: `You are signed in as ${who}, but this page is only for ${groups.length ? `members of ${groups.join(' or ')}` : 'some groups'}.`,
      detail: "Ask the site's owner to add your account to the right group, or sign out and use another account.",
      links: [
        { href: auth.site.url, label: 'Go to the home page' },
        { href: auth.paths.logout, label: 'Sign out' },
      ],
    });
    const body = await page.text();
    write(res, 403, { ...Object.fromEntries(page.headers), 'content-length': Buffer.byteLength(body), ...extra }, body);
  };

  const unavailable = (res: ServerResponse) =>
    write(res, RENEWAL_UNAVAILABLE.status, RENEWAL_UNAVAILABLE.headers, RENEWAL_UNAVAILABLE.text);

  return {
    /** 2xx with X-Auth-Request-* for a valid session (and group), 403 outside the groups, else 401 or a 302 to sign in. */
    async check(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
      let visitor = session.cached(req.headers.cookie) ?? (await session.read(req.headers.cookie));
      // A session about to expire is renewed here; the proxy passes the new cookie on (see docs/forward-auth.md).
      let renewed: Record<string, string> = {};
      if (visitor?.refreshToken !== undefined && refreshDue(visitor.expiresAt)) {
        const renewal = await renewals.renew(visitor);
        if (renewal === 'unavailable') return unavailable(res);
        visitor = renewal?.session ?? null;
        renewed = renewal?.cookie ? { 'set-cookie': renewal.cookie } : renewal ? {} : { 'set-cookie': session.clear() };
      }
      const groups = requiredGroups(req, new URLSearchParams(search));
      if (!visitor) {
        // A cookie that failed to open (forged, expired, old secret) is deleted too: nginx passes this on from /_auth/.
        const deleted = renewed['set-cookie'] ?? session.stale(req.headers.cookie);
        if (deleted) renewed = { 'set-cookie': deleted };
        const original = forwardedUrl(req);
        if (original && isBrowserNavigation(req)) {
          return write(res, 302, { location: auth.loginUrl(original), 'content-length': 0, ...renewed });
        }
        return write(res, 401, { 'content-type': 'text/plain; charset=utf-8', ...renewed }, 'Sign-in required');
      }
      try {
        requireGroup(groupsOf(visitor), groups); // core's one group rule
      } catch {
        return refusal(res, visitor, groups, renewed); // Caddy and Traefik show this answer as it is
      }
      write(res, 200, { ...identityHeaders(visitor, true), 'content-length': 0, ...renewed });
    },
    /** The check's 503 on its own, for nginx (`error_page 500 = /_auth/unavailable;`), which turns the check's 503 into a 500. */
    unavailable,
    /** The refusal page on its own, for nginx (`error_page 403 = /_auth/denied;`), which drops the check's body. */
    async denied(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
      const visitor = session.cached(req.headers.cookie) ?? (await session.read(req.headers.cookie));
      await refusal(res, visitor, requiredGroups(req, new URLSearchParams(search)));
    },
  };
}
