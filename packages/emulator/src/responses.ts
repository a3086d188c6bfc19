// The three ways the domain answers a failure: OAuth JSON errors, redirects back to the client, and error pages.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorPage, type HtmlPage } from './hosted-ui.js';

/** The OAuth error codes the endpoints answer with, as Cognito spells them. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_response_type'
  | 'unsupported_token_type'
  | 'login_required'
  | 'access_denied'
  | 'server_error';

export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/** `{"error": code, "error_description": ...}` with no-store headers, as the token and revoke endpoints send. */
export function oauthError(
  c: Context,
  status: ContentfulStatusCode,
  error: OAuthErrorCode,
  description?: string,
  headers: Record<string, string> = {},
): Response {
  return c.json(description ? { error, error_description: description } : { error }, status, {
    ...NO_STORE,
    ...headers,
  });
}

export function htmlResponse(c: Context, page: HtmlPage, status: ContentfulStatusCode = 200): Response {
  return c.html(page.html, status, page.headers);
}

/** An HTML error page for requests that must not be redirected to the app (expired form, unknown logout URI). */
export function pageError(
  c: Context,
  message: string,
  status: ContentfulStatusCode = 400,
  sentRedirectUri?: string,
): Response {
  return htmlResponse(c, errorPage(message, sentRedirectUri), status);
}

/** `base` with `params` appended to its query (undefined values skipped). */
export function withQuery(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.append(key, value);
  return url.toString();
}

/** Reads an `application/x-www-form-urlencoded` body; undefined for any other content type. */
export async function readForm(c: Context): Promise<URLSearchParams | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  return new URLSearchParams(await c.req.text());
}

/** The first parameter that appears more than once (OAuth forbids repeating a parameter). */
export function repeatedParameter(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}
