// POST /oauth2/revoke: revokes a refresh token and every token minted from the same sign-in, as Cognito does.
import type { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { NO_STORE, oauthError } from '../responses.js';
import { readClientRequest } from './client-request.js';

/** Our refresh tokens are opaque; anything shaped like a JWT is an ID or access token, which Cognito will not revoke. */
const looksLikeJwt = (token: string) => token.split('.').length === 3;

export function revokeRoutes(app: Hono, ctx: EmulatorContext): void {
  app.post('/oauth2/revoke', async (c) => {
    const request = await readClientRequest(c, ctx);
    if (request instanceof Response) return request;
    const { client, form } = request;
    const token = form.get('token');
    if (!token) return oauthError(c, 400, 'invalid_request', 'token is required');
    if (!client.enableTokenRevocation)
      return oauthError(c, 400, 'unauthorized_client', 'token revocation is not enabled for this app client');
    if (looksLikeJwt(token)) return oauthError(c, 400, 'unsupported_token_type', 'only refresh tokens can be revoked');
    const grant = ctx.grants.refreshGrant(token);
    if (grant && grant.clientId !== client.clientId)
      return oauthError(c, 400, 'invalid_request', 'the token was not issued to this app client');
    if (grant) ctx.grants.revokeFamily(grant);
    // RFC 7009: an unknown or already revoked token is not an error.
    return c.body(null, 200, NO_STORE);
  });
}
