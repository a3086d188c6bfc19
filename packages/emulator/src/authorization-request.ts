// Validates an /oauth2/authorize (or /login) query in Cognito's order: what cannot be redirected first, then OAuth errors.
import type { OAuthErrorCode } from './responses.js';
import { withQuery } from './responses.js';
import type { Client, IdentityProvider, UserPool } from './user-pool.js';

/** A validated authorization request, kept server-side while the user signs in. */
export interface AuthorizationRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  /** `code`, or `token` for the implicit grant (tokens in the redirect's fragment). */
  readonly responseType: 'code' | 'token';
  readonly scopes: readonly string[];
  readonly state: string | undefined;
  readonly nonce: string | undefined;
  readonly codeChallenge: string | undefined;
  readonly prompt: 'login' | 'none' | undefined;
  readonly loginHint: string | undefined;
  /** Set when the request must go straight to an external identity provider. */
  readonly identityProvider: IdentityProvider | undefined;
  /** The original query, so the hosted UI can rebuild /login and provider links. */
  readonly query: string;
}

export type AuthorizationOutcome =
  | { readonly kind: 'ok'; readonly request: AuthorizationRequest; readonly client: Client }
  /** The client or redirect URI cannot be trusted: Cognito's own `/error` page, never the app. */
  | { readonly kind: 'mismatch'; readonly clientId: string | undefined; readonly redirectUri: string | undefined }
  /** An OAuth error the client hears about at its (registered) redirect URI. */
  | { readonly kind: 'redirect'; readonly location: string };

const PKCE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;

export function parseAuthorizationRequest(params: URLSearchParams, pool: UserPool): AuthorizationOutcome {
  const clientId = params.get('client_id');
  const client = clientId ? pool.clients.get(clientId) : undefined;
  const redirectUri = params.get('redirect_uri');
  if (!client || !redirectUri || !client.callbackUrls.includes(redirectUri))
    return { kind: 'mismatch', clientId: clientId ?? undefined, redirectUri: redirectUri ?? undefined };

  const state = params.get('state') ?? undefined;
  const fail = (error: OAuthErrorCode, description: string): AuthorizationOutcome => ({
    kind: 'redirect',
    location: withQuery(redirectUri, { error_description: description, state, error }),
  });

  const responseType = params.get('response_type');
  if (!responseType) return fail('invalid_request', 'response_type is required');
  if (responseType !== 'code' && responseType !== 'token')
    return fail('unsupported_response_type', 'response_type must be code or token');
  const flow = responseType === 'code' ? 'code' : 'implicit';
  if (!client.allowedOAuthFlows.includes(flow))
    return fail('unauthorized_client', `the ${flow} flow is not enabled for this app client`);

  const requested = params.get('scope')?.split(' ').filter(Boolean);
  const scopes = requested && requested.length > 0 ? [...new Set(requested)] : client.allowedOAuthScopes;
  const unknown = scopes.filter((s) => !client.allowedOAuthScopes.includes(s));
  if (unknown.length > 0) return fail('invalid_scope', `scope not allowed for this app client: ${unknown.join(' ')}`);

  // PKCE binds a code; the implicit grant has none. Cognito accepts a code flow without PKCE, even for a public client.
  const codeChallenge = responseType === 'code' ? (params.get('code_challenge') ?? undefined) : undefined;
  const method = responseType === 'code' ? (params.get('code_challenge_method') ?? undefined) : undefined;
  if (codeChallenge !== undefined || method !== undefined) {
    if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    if (!codeChallenge || !PKCE_CHALLENGE.test(codeChallenge))
      return fail('invalid_request', 'code_challenge is malformed');
  } else if (responseType === 'code' && client.requirePkce) {
    return fail('invalid_request', 'PKCE (code_challenge with S256) is required for this app client');
  }

  const providerName = params.get('identity_provider') ?? undefined;
  const idpIdentifier = params.get('idp_identifier') ?? undefined;
  let identityProvider: IdentityProvider | undefined;
  if (providerName === 'COGNITO') {
    if (!client.supportedIdentityProviders.includes('COGNITO'))
      return fail('invalid_request', 'COGNITO sign-in is not enabled for this app client');
  } else if (providerName !== undefined || idpIdentifier !== undefined) {
    identityProvider = pool.findIdentityProvider({ name: providerName, identifier: idpIdentifier });
    if (!identityProvider || !client.supportedIdentityProviders.includes(identityProvider.name)) {
      return fail('invalid_request', 'the requested identity provider is not enabled for this app client');
    }
  } else if (!client.supportedIdentityProviders.includes('COGNITO') && client.supportedIdentityProviders.length === 1) {
    // Cognito sends users straight to the only provider a client has, skipping its own page.
    identityProvider = pool.identityProviders.get(client.supportedIdentityProviders[0] ?? '');
  }

  const prompt = params.get('prompt');
  return {
    kind: 'ok',
    client,
    request: {
      clientId: client.clientId,
      redirectUri,
      responseType,
      scopes,
      state,
      nonce: params.get('nonce') ?? undefined,
      codeChallenge,
      prompt: prompt === 'login' || prompt === 'none' ? prompt : undefined,
      loginHint: params.get('login_hint') ?? undefined,
      identityProvider,
      query: params.toString(),
    },
  };
}

/** `/oauth2/authorize` links for each external provider the client supports, shown as buttons on the login page. */
export function providerLinks(request: AuthorizationRequest, client: Client): { name: string; href: string }[] {
  return client.supportedIdentityProviders
    .filter((name) => name !== 'COGNITO')
    .map((name) => {
      const query = new URLSearchParams(request.query);
      query.delete('prompt');
      query.delete('idp_identifier');
      query.set('identity_provider', name);
      return { name, href: `/oauth2/authorize?${query.toString()}` };
    });
}
