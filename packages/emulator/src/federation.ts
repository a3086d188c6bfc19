// Makes the emulator a real OIDC relying party of each seeded identity provider, as Cognito is for its federated IdPs.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { AuthorizationRequest } from './authorization-request.js';
import type { Clock } from './clock.js';
import { ExpiringMap } from './expiring-map.js';
import { randomToken, uuid } from './random.js';
import { withQuery } from './responses.js';
import type { IdentityProvider, User, UserPool } from './user-pool.js';

interface ProviderMetadata {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  readonly userinfo_endpoint?: string;
  readonly token_endpoint_auth_methods_supported?: string[];
}

/** What travels (server-side) from the redirect to the provider until its answer at /oauth2/idpresponse. */
export interface FederationFlow {
  readonly request: AuthorizationRequest;
  readonly providerName: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** A federation failure whose message is safe to show the app in `error_description`. */
export class FederationError extends Error {}

const FLOW_TTL_SECONDS = 600;
const HTTP_TIMEOUT_MS = 10_000;

export class Federation {
  private readonly flows: ExpiringMap<FederationFlow>;
  private readonly metadata = new Map<string, Promise<ProviderMetadata>>();
  private readonly keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  constructor(
    private readonly pool: UserPool,
    private readonly clock: Clock,
    private readonly callbackUrl: () => string,
  ) {
    this.flows = new ExpiringMap(clock);
  }

  /** The provider's authorization URL, with our own state, nonce and PKCE (S256) for this sign-in. */
  async begin(request: AuthorizationRequest, idp: IdentityProvider): Promise<string> {
    const meta = await this.discover(idp);
    const state = randomToken();
    const flow: FederationFlow = { request, providerName: idp.name, nonce: randomToken(), codeVerifier: randomToken() };
    this.flows.set(state, flow, FLOW_TTL_SECONDS);
    return withQuery(meta.authorization_endpoint, {
      client_id: idp.clientId,
      response_type: 'code',
      scope: idp.authorizeScopes,
      redirect_uri: this.callbackUrl(),
      state,
      nonce: flow.nonce,
      code_challenge: createHash('sha256').update(flow.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
  }

  /** The pending flow for a returned `state`, usable once. */
  takeFlow(state: string): FederationFlow | undefined {
    return this.flows.take(state);
  }

  /** Exchanges the provider's code, verifies its ID token, and creates or updates the federated user. */
  async complete(flow: FederationFlow, params: URLSearchParams): Promise<User> {
    const idp = this.pool.identityProviders.get(flow.providerName);
    if (!idp) throw new FederationError(`identity provider ${flow.providerName} no longer exists`);
    const meta = await this.discover(idp);
    const iss = params.get('iss');
    if (iss !== null && iss !== meta.issuer)
      throw new FederationError('the identity provider response has the wrong iss');
    const code = params.get('code');
    if (!code) throw new FederationError('the identity provider returned no code');

    const tokens = await this.exchange(idp, meta, code, flow.codeVerifier);
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(tokens.id_token, this.keySet(meta), {
        issuer: meta.issuer,
        audience: idp.clientId,
      }));
    } catch (cause) {
      throw new FederationError(
        `the identity provider's ID token did not verify (${(cause as { code?: string }).code ?? 'invalid'})`,
      );
    }
    if (claims.nonce !== flow.nonce) throw new FederationError('the identity provider ID token nonce does not match');
    if (meta.userinfo_endpoint && tokens.access_token) {
      const info = await this.userInfo(meta.userinfo_endpoint, tokens.access_token);
      if (info && info.sub === claims.sub) claims = { ...claims, ...info };
    }
    return this.upsertUser(idp, claims);
  }

  private async exchange(
    idp: IdentityProvider,
    meta: ProviderMetadata,
    code: string,
    codeVerifier: string,
  ): Promise<{ id_token: string; access_token?: string }> {
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.callbackUrl(),
      code_verifier: codeVerifier,
    });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const methods = meta.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    if (methods.includes('client_secret_basic')) {
      const form = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
      headers.authorization = `Basic ${Buffer.from(`${form(idp.clientId)}:${form(idp.clientSecret)}`).toString('base64')}`;
    } else {
      body.set('client_id', idp.clientId);
      body.set('client_secret', idp.clientSecret);
    }
    const response = await this.fetch(meta.token_endpoint, { method: 'POST', headers, body });
    const json = (await response.json().catch(() => ({}))) as {
      id_token?: unknown;
      access_token?: unknown;
      error?: unknown;
    };
    if (!response.ok || typeof json.id_token !== 'string') {
      throw new FederationError(
        `the identity provider token exchange failed (${typeof json.error === 'string' ? json.error : `HTTP ${response.status}`})`,
      );
    }
    return {
      id_token: json.id_token,
      access_token: typeof json.access_token === 'string' ? json.access_token : undefined,
    };
  }

  private async userInfo(endpoint: string, accessToken: string): Promise<JWTPayload | undefined> {
    const response = await this.fetch(endpoint, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    if (!response.ok) return undefined;
    return (await response.json().catch(() => undefined)) as JWTPayload | undefined;
  }

  private upsertUser(idp: IdentityProvider, claims: JWTPayload): User {
    const { username: usernameClaim = 'sub', ...mapping } = idp.attributeMapping;
    const providerUserId = claims[usernameClaim];
    if (typeof providerUserId !== 'string' && typeof providerUserId !== 'number') {
      throw new FederationError(`the identity provider sent no "${usernameClaim}" claim to name the user`);
    }
    const attributes: Record<string, string> = {};
    for (const [attribute, claim] of Object.entries(mapping)) {
      const value = claims[claim];
      if (value !== undefined && value !== null)
        attributes[attribute] = typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
    const username = `${idp.name}_${providerUserId}`;
    const group = this.ensureProviderGroup(idp);
    const existing = this.pool.user(username);
    if (existing) {
      if (!existing.enabled) throw new FederationError('User is disabled.');
      existing.attributes = { ...existing.attributes, ...attributes };
      existing.groups.add(group);
      return existing;
    }
    const user: User = {
      username,
      password: undefined,
      sub: uuid(),
      attributes,
      groups: new Set([group]),
      enabled: true,
      identities: [
        {
          userId: String(providerUserId),
          providerName: idp.name,
          providerType: 'OIDC',
          issuer: null,
          primary: 'true',
          dateCreated: String(this.clock.now()),
        },
      ],
    };
    this.pool.putUser(user);
    return user;
  }

  /** Cognito puts every federated user in an automatic `<poolId>_<ProviderName>` group. */
  private ensureProviderGroup(idp: IdentityProvider): string {
    const name = `${this.pool.id}_${idp.name}`;
    if (!this.pool.groups.has(name))
      this.pool.groups.set(name, { name, description: `Autogenerated group for users who sign in using ${idp.name}` });
    return name;
  }

  private discover(idp: IdentityProvider): Promise<ProviderMetadata> {
    const issuer = idp.issuer.replace(/\/$/, '');
    let pending = this.metadata.get(issuer);
    if (!pending) {
      pending = this.fetchMetadata(issuer);
      pending.catch(() => this.metadata.delete(issuer));
      this.metadata.set(issuer, pending);
    }
    return pending;
  }

  private async fetchMetadata(issuer: string): Promise<ProviderMetadata> {
    const response = await this.fetch(`${issuer}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
    });
    const meta = (await response.json().catch(() => undefined)) as Partial<ProviderMetadata> | undefined;
    if (!response.ok || !meta?.authorization_endpoint || !meta.token_endpoint || !meta.jwks_uri || !meta.issuer) {
      throw new FederationError(`the identity provider's discovery document at ${issuer} is unusable`);
    }
    return meta as ProviderMetadata;
  }

  private keySet(meta: ProviderMetadata): ReturnType<typeof createRemoteJWKSet> {
    let keys = this.keySets.get(meta.jwks_uri);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(meta.jwks_uri));
      this.keySets.set(meta.jwks_uri, keys);
    }
    return keys;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    } catch {
      throw new FederationError(`the identity provider at ${new URL(url).origin} is unreachable`);
    }
  }
}
