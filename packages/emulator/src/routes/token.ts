// POST /oauth2/token: authorization_code (with PKCE), refresh_token and client_credentials, with Cognito's error answers.
import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { isCustomScope } from '../seed.js';
import { NO_STORE, oauthError } from '../responses.js';
import type { Client } from '../user-pool.js';
import { readClientRequest } from './client-request.js';

type Handler = (c: Context, ctx: EmulatorContext, client: Client, form: URLSearchParams) => Promise<Response>;

const tokenResponse = (c: Context, body: Record<string, string | number | undefined>) =>
  c.json({ ...body, token_type: 'Bearer' }, 200, NO_STORE);

const authorizationCode: Handler = async (c, ctx, client, form) => {
  if (!client.allowedOAuthFlows.includes('code'))
    return oauthError(c, 400, 'unauthorized_client', 'the code flow is not enabled for this app client');
  const code = form.get('code');
  if (!code) return oauthError(c, 400, 'invalid_request', 'code is required');
  const redirectUri = form.get('redirect_uri');
  if (!redirectUri) return oauthError(c, 400, 'invalid_request', 'redirect_uri is required');
  const record = ctx.grants.redeemCode(code);
  if (!record || record.grant.clientId !== client.clientId)
    return oauthError(c, 400, 'invalid_grant', 'the code is invalid, expired or already used');
  if (redirectUri !== record.redirectUri)
    return oauthError(c, 400, 'invalid_grant', 'redirect_uri does not match the authorization request');
  const verifier = form.get('code_verifier');
  if (record.codeChallenge !== undefined) {
    const computed = verifier ? createHash('sha256').update(verifier).digest('base64url') : undefined;
    if (computed !== record.codeChallenge)
      return oauthError(c, 400, 'invalid_grant', 'code_verifier does not match the code_challenge');
  } else if (verifier !== null) {
    return oauthError(
      c,
      400,
      'invalid_grant',
      'code_verifier sent but the authorization request had no code_challenge',
    );
  }
  const user = ctx.pool.user(record.grant.username);
  if (!user?.enabled) return oauthError(c, 400, 'invalid_grant', 'User is disabled.');
  const { idToken, accessToken } = await ctx.tokens.userTokens(record.grant, user, client, record.nonce);
  return tokenResponse(c, {
    id_token: idToken,
    access_token: accessToken,
    refresh_token: ctx.grants.issueRefreshToken(record.grant, client.tokenValidity.refreshToken),
    expires_in: client.tokenValidity.accessToken,
  });
};

const refreshToken: Handler = async (c, ctx, client, form) => {
  const token = form.get('refresh_token');
  if (!token) return oauthError(c, 400, 'invalid_request', 'refresh_token is required');
  const grant = ctx.grants.refreshGrant(token);
  if (!grant || grant.clientId !== client.clientId) return oauthError(c, 400, 'invalid_grant', 'Invalid Refresh Token');
  const user = ctx.pool.user(grant.username);
  if (!user?.enabled) return oauthError(c, 400, 'invalid_grant', 'User is disabled.');
  const { idToken, accessToken } = await ctx.tokens.userTokens(grant, user, client, undefined, {
    source: 'TokenGeneration_RefreshTokens',
  });
  // Cognito does not rotate refresh tokens: the response carries none.
  return tokenResponse(c, {
    id_token: idToken,
    access_token: accessToken,
    expires_in: client.tokenValidity.accessToken,
  });
};

const clientCredentials: Handler = async (c, ctx, client, form) => {
  if (!client.allowedOAuthFlows.includes('client_credentials'))
    return oauthError(c, 400, 'unauthorized_client', 'client_credentials is not enabled for this app client');
  const allowed = client.allowedOAuthScopes.filter(isCustomScope);
  const requested = form.get('scope')?.split(' ').filter(Boolean);
  const scopes = requested && requested.length > 0 ? [...new Set(requested)] : allowed;
  if (scopes.length === 0 || scopes.some((s) => !allowed.includes(s)))
    return oauthError(c, 400, 'invalid_scope', 'scope is not allowed for this app client');
  const accessToken = await ctx.tokens.clientCredentialsToken(client, scopes);
  return tokenResponse(c, { access_token: accessToken, expires_in: client.tokenValidity.accessToken });
};

const GRANTS: Record<string, Handler> = {
  authorization_code: authorizationCode,
  refresh_token: refreshToken,
  client_credentials: clientCredentials,
};

export function tokenRoutes(app: Hono, ctx: EmulatorContext): void {
  app.post('/oauth2/token', ctx.faults.guard('token'), async (c) => {
    const request = await readClientRequest(c, ctx);
    if (request instanceof Response) return request;
    const { client, form } = request;
    const grantType = form.get('grant_type');
    if (!grantType) return oauthError(c, 400, 'invalid_request', 'grant_type is required');
    const handler = GRANTS[grantType];
    if (!handler) return oauthError(c, 400, 'unsupported_grant_type');
    return handler(c, ctx, client, form);
  });
}
