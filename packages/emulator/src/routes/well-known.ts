// The issuer side: /<poolId>/.well-known/openid-configuration and jwks.json, shaped like Cognito's documents.
import type { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';

export function wellKnownRoutes(app: Hono, ctx: EmulatorContext): void {
  const base = `/${ctx.pool.id}/.well-known`;
  app.get(`${base}/openid-configuration`, ctx.faults.guard('discovery'), (c) => {
    const { domain, issuer, tokenIssuer } = ctx.urls;
    return c.json({
      authorization_endpoint: `${domain}/oauth2/authorize`,
      end_session_endpoint: `${domain}/logout`,
      id_token_signing_alg_values_supported: ['RS256'],
      // The tokens' issuer, even when it is AWS's URL: a verifier compares it with `iss`, not with where it fetched this.
      issuer: tokenIssuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      revocation_endpoint: `${domain}/oauth2/revoke`,
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint: `${domain}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: `${domain}/oauth2/userInfo`,
    });
  });
  app.get(`${base}/jwks.json`, ctx.faults.guard('jwks'), (c) => c.json(ctx.keys.jwks()));
}
