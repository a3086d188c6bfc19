// Who the visitor is, as the X-Auth-Request-* headers nginx auth_request, Caddy and Traefik pass on (and upstream mode sends).
import { COGNITO_CLAIMS } from '@cognito-connect/core';
import type { VisitorSession } from './session.js';

const PRINTABLE = /^[\x20-\x7e]*$/;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string').join(',');
  return undefined;
}

/**
 * The session's identity as request headers: `X-Auth-Request-User` (the username claim when kept, else the email,
 * else `sub`), `-Email`, `-Groups` (comma-separated) and `-Sub`. A value that is not printable ASCII is left out
 * rather than mangled, so no header can be split or smuggled. With `all`, a value left out is sent empty instead
 * (the forward-auth check: a proxy copying the four headers then sets each, and Caddy's `{rp.header.*}` placeholder
 * of a missing one would reach the app as its literal text).
 *
 * @example
 * ```ts
 * identityHeaders(session); // { 'x-auth-request-user': 'jane', 'x-auth-request-email': 'jane@example.com', ... }
 * identityHeaders(session, true)['x-auth-request-groups']; // '' for a user in no group
 * ```
 */
export function identityHeaders(session: VisitorSession, all = false): Record<string, string> {
  const { claims } = session;
  const values: Record<string, string | undefined> = {
    'x-auth-request-user': text(
      claims[COGNITO_CLAIMS.accessTokenUsername] ?? claims[COGNITO_CLAIMS.username] ?? claims.email ?? claims.sub,
    ),
    'x-auth-request-email': text(claims.email),
    'x-auth-request-groups': text(claims.groups ?? claims[COGNITO_CLAIMS.groups]),
    'x-auth-request-sub': text(claims.sub),
  };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && PRINTABLE.test(value)) headers[name] = value;
    else if (all) headers[name] = '';
  }
  return headers;
}
