// Authenticates the app client at the token and revoke endpoints: client_secret_basic, client_secret_post, or none for public clients.
// Every refusal is a 400, Basic or not: Cognito documents `invalid_client` as 400 and sends no WWW-Authenticate.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Client, UserPool } from './user-pool.js';

export type ClientAuthResult =
  | { readonly ok: true; readonly client: Client }
  | {
      readonly ok: false;
      readonly error: 'invalid_request' | 'invalid_client';
      readonly description: string;
    };

interface Presented {
  readonly clientId: string | undefined;
  readonly secret: string | undefined;
}

function parseBasic(header: string): { clientId: string; secret: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    // RFC 6749 §2.3.1 form-encodes both parts before base64.
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon)),
      secret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}

function sameSecret(expected: string, given: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

export function authenticateClient(
  pool: UserPool,
  authorization: string | undefined,
  form: URLSearchParams,
): ClientAuthResult {
  const bodyId = form.get('client_id') ?? undefined;
  const bodySecret = form.get('client_secret') ?? undefined;
  let presented: Presented = { clientId: bodyId, secret: bodySecret };
  if (authorization) {
    const basic = parseBasic(authorization);
    if (!basic)
      return {
        ok: false,
        error: 'invalid_client',
        description: 'the Authorization header is not valid Basic authentication',
      };
    if (bodySecret !== undefined)
      return {
        ok: false,
        error: 'invalid_request',
        description: 'use one client authentication method, not both Basic and client_secret',
      };
    if (bodyId !== undefined && bodyId !== basic.clientId)
      return {
        ok: false,
        error: 'invalid_request',
        description: 'client_id in the body differs from the Basic credentials',
      };
    presented = { clientId: basic.clientId, secret: basic.secret === '' ? undefined : basic.secret };
  }
  if (!presented.clientId) return { ok: false, error: 'invalid_request', description: 'client_id is required' };
  const client = pool.clients.get(presented.clientId);
  if (!client) return { ok: false, error: 'invalid_client', description: 'client authentication failed' };
  if (client.clientSecret) {
    if (presented.secret === undefined || !sameSecret(client.clientSecret, presented.secret)) {
      return { ok: false, error: 'invalid_client', description: 'client authentication failed' };
    }
  } else if (presented.secret !== undefined) {
    return { ok: false, error: 'invalid_client', description: 'this app client has no secret; send none' };
  }
  return { ok: true, client };
}
