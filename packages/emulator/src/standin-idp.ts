// A tiny external OIDC provider that signs in a seeded user without a form, so playgrounds and tests federate offline.
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { SignJWT } from 'jose';
import { authenticateClient } from './client-auth.js';
import { Clock } from './clock.js';
import { ExpiringMap } from './expiring-map.js';
import { freshSigningKey, type SigningKey } from './keys.js';
import { randomToken } from './random.js';
import { oauthError, readForm, withQuery } from './responses.js';
import { listen } from './server.js';
import { UserPool } from './user-pool.js';

/** A user of the stand-in provider: `sub` plus any claims to put in its ID token and userinfo. */
export interface StandInUser {
  sub: string;
  [claim: string]: unknown;
}

/** What {@link startStandInIdp} signs in and where it listens. */
export interface StandInIdpOptions {
  /** The first user signs in unless `login_hint` names another by `sub` or `email`. */
  users: StandInUser[];
  clientId?: string;
  /** Default: a random secret, returned by startStandInIdp. */
  clientSecret?: string;
  /** Accepted redirect URIs; default: any loopback `http://…/oauth2/idpresponse`. */
  redirectUris?: string[];
  port?: number;
  host?: string;
}

/** A running stand-in provider: register `issuer`, `clientId` and `clientSecret` as an OIDC identity provider. */
export interface StandInIdp {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Closes the stand-in's server. */
  stop(): Promise<void>;
}

/** What one stand-in needs to run, wherever it is mounted. */
export interface StandInConfig {
  readonly users: readonly StandInUser[];
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectAllowed: (uri: string) => boolean;
  /** Path the routes live under ('' for a stand-alone server). */
  readonly basePath: string;
  readonly issuer: () => string;
}

interface Authorization {
  readonly user: StandInUser;
  readonly redirectUri: string;
  readonly nonce: string | undefined;
  readonly codeChallenge: string | undefined;
}

const LOOPBACK_IDP_RESPONSE = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\/oauth2\/idpresponse$/;
const TTL_SECONDS = 300;

/** A one-client pool, so the stand-in authenticates its client with the emulator's own client check. */
function clientPool(clientId: string, clientSecret: string): UserPool {
  const pool = new UserPool('us-east-1_standin', 'stand-in', 'us-east-1');
  pool.clients.set(clientId, {
    clientId,
    clientSecret,
    name: 'stand-in client',
    callbackUrls: [],
    logoutUrls: [],
    allowedOAuthFlows: ['code'],
    allowedOAuthScopes: ['openid'],
    supportedIdentityProviders: ['COGNITO'],
    tokenValidity: { idToken: TTL_SECONDS, accessToken: TTL_SECONDS, refreshToken: TTL_SECONDS },
    enableTokenRevocation: false,
    requirePkce: false,
    explicitAuthFlows: [],
    refreshTokenRotation: false,
  });
  return pool;
}

/** The stand-in's routes: discovery, JWKS, authorize (auto-approves), token and userinfo. */
export async function createStandInApp(config: StandInConfig): Promise<Hono> {
  const clock = new Clock();
  const clients = clientPool(config.clientId, config.clientSecret);
  const codes = new ExpiringMap<Authorization>(clock);
  const accessTokens = new ExpiringMap<StandInUser>(clock);
  const key = await freshSigningKey();
  const app = new Hono().basePath(config.basePath);

  app.get('/.well-known/openid-configuration', (c) => {
    const issuer = config.issuer();
    return c.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
    });
  });
  app.get('/jwks', (c) => c.json({ keys: [key.publicJwk] }));
  app.get('/authorize', (c) => {
    const q = new URL(c.req.url).searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== config.clientId || !config.redirectAllowed(redirectUri))
      return c.text('unknown client_id or redirect_uri', 400);
    const state = q.get('state') ?? undefined;
    if (q.get('response_type') !== 'code')
      return c.redirect(withQuery(redirectUri, { error: 'unsupported_response_type', state }), 302);
    const hint = q.get('login_hint');
    const user = config.users.find((u) => hint !== null && (u.sub === hint || u.email === hint)) ?? config.users[0];
    if (!user) return c.redirect(withQuery(redirectUri, { error: 'access_denied', state }), 302);
    const code = randomToken();
    codes.set(
      code,
      { user, redirectUri, nonce: q.get('nonce') ?? undefined, codeChallenge: q.get('code_challenge') ?? undefined },
      TTL_SECONDS,
    );
    return c.redirect(withQuery(redirectUri, { code, state, iss: config.issuer() }), 302);
  });
  app.post('/token', async (c) => {
    const form = (await readForm(c)) ?? new URLSearchParams();
    if (!authenticateClient(clients, c.req.header('authorization'), form).ok)
      return oauthError(c, 401, 'invalid_client');
    if (form.get('grant_type') !== 'authorization_code') return oauthError(c, 400, 'unsupported_grant_type');
    const grant = codes.take(form.get('code') ?? '');
    if (!grant || grant.redirectUri !== form.get('redirect_uri')) return oauthError(c, 400, 'invalid_grant');
    const verifier = form.get('code_verifier') ?? '';
    if (grant.codeChallenge && createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge)
      return oauthError(c, 400, 'invalid_grant');
    const accessToken = randomToken();
    accessTokens.set(accessToken, grant.user, TTL_SECONDS);
    const idToken = await signIdToken(grant, config, key);
    return c.json({ access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: TTL_SECONDS });
  });
  app.get('/userinfo', (c: Context) => {
    const user = accessTokens.get(/^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '');
    return user
      ? c.json(user)
      : c.json({ error: 'invalid_token' }, 401, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  });
  return app;
}

function signIdToken(grant: Authorization, config: StandInConfig, key: SigningKey): Promise<string> {
  return new SignJWT({ ...grant.user, ...(grant.nonce ? { nonce: grant.nonce } : {}) })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer(config.issuer())
    .setAudience(config.clientId)
    .setIssuedAt()
    .setExpirationTime(`${TTL_SECONDS}s`)
    .sign(key.privateKey);
}

/**
 * Starts a stand-alone stand-in OIDC provider on its own port (0 picks a free one). It signs in the first user, or
 * the one whose `sub` or `email` equals `login_hint`, without a form.
 *
 * @example
 * ```ts
 * import { startEmulator, startStandInIdp } from '@cognito-connect/emulator';
 *
 * const idp = await startStandInIdp({ users: [{ sub: 'dana-1', email: 'dana@example.com' }] });
 * await emulator.admin.addIdentityProvider({
 *   name: 'Corp',
 *   type: 'OIDC',
 *   issuer: idp.issuer,
 *   clientId: idp.clientId,
 *   clientSecret: idp.clientSecret,
 * });
 * // ... sign in with identity_provider=Corp, then:
 * await idp.stop();
 * ```
 */
export async function startStandInIdp(options: StandInIdpOptions): Promise<StandInIdp> {
  if (options.users.length === 0) throw new Error('startStandInIdp needs at least one user');
  const clientId = options.clientId ?? 'standin-client';
  const clientSecret = options.clientSecret ?? randomToken(24);
  const { redirectUris } = options;
  let issuer = '';
  const app = await createStandInApp({
    users: options.users,
    clientId,
    clientSecret,
    redirectAllowed: (uri) => (redirectUris ? redirectUris.includes(uri) : LOOPBACK_IDP_RESPONSE.test(uri)),
    basePath: '',
    issuer: () => issuer,
  });
  const server = await listen(app, { port: options.port, host: options.host }, (url) => {
    issuer = url;
  });
  return { issuer, clientId, clientSecret, stop: () => server.close() };
}
