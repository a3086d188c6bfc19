// Mints ID and access tokens claim for claim like Cognito's, and checks the access tokens the pool itself issued.
import { createHash } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from './clock.js';
import type { KeyRing, TokenUse } from './keys.js';
import { uuid } from './random.js';
import { editClaims, type ClaimEdits, type TokenCustomizer, type TokenSource } from './triggers.js';
import type { Client, User, UserPool } from './user-pool.js';

/** What one sign-in granted a client; codes and refresh tokens carry it forward. */
export interface Grant {
  readonly clientId: string;
  readonly username: string;
  readonly scopes: readonly string[];
  /** Seconds since the epoch when the user actually authenticated. */
  readonly authTime: number;
  readonly eventId: string;
  /** Ties every token of one sign-in (and its refreshes) together, so revocation can reach them all. */
  readonly originJti: string;
}

export interface UserTokens {
  readonly idToken: string | undefined;
  readonly accessToken: string;
}

/** Attributes Cognito emits as JSON booleans in the ID token (they are stored as strings). */
const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);

/** Why a presented access token was refused (never holding the token); endpoints answer Cognito's own text. */
export class TokenRejected extends Error {}

/** Claims of an access token this pool issued, after its signature and lifetime checked out. */
export interface AccessClaims extends JWTPayload {
  readonly token_use: 'access';
  readonly client_id: string;
  readonly scope: string;
  readonly origin_jti?: string;
  readonly username?: string;
}

/** How a sign-in reached the token issuer: the user-pool API always returns an ID token, without `at_hash`. */
export interface TokenRequest {
  readonly api?: boolean;
  /** The pre token generation trigger's `triggerSource`; default `TokenGeneration_HostedAuth`. */
  readonly source?: TokenSource;
}

export class TokenIssuer {
  constructor(
    private readonly pool: UserPool,
    private readonly keys: KeyRing,
    private readonly clock: Clock,
    private readonly issuer: () => string,
    private readonly customize?: TokenCustomizer,
  ) {}

  /** ID token (when `openid` was granted, and always for the API) and access token for a user's grant. */
  async userTokens(
    grant: Grant,
    user: User,
    client: Client,
    nonce?: string,
    request: TokenRequest = {},
  ): Promise<UserTokens> {
    const source = request.source ?? 'TokenGeneration_HostedAuth';
    const custom = await this.customize?.({
      user,
      client,
      groups: this.pool.groupsOf(user),
      scopes: grant.scopes,
      source,
    });
    const groups = custom?.groups ?? this.pool.groupsOf(user);
    const groupClaim = groups.length > 0 ? { 'cognito:groups': groups } : {};
    const now = this.clock.epochSeconds();
    const revocable = client.enableTokenRevocation;
    const originJti = revocable ? { origin_jti: grant.originJti } : {};
    const accessToken = await this.sign(
      'access',
      {
        sub: user.sub,
        ...groupClaim,
        iss: this.issuer(),
        version: 2,
        client_id: client.clientId,
        ...originJti,
        event_id: grant.eventId,
        token_use: 'access',
        scope: grant.scopes.join(' '),
        auth_time: grant.authTime,
        exp: now + client.tokenValidity.accessToken,
        iat: now,
        ...jti(revocable),
        username: user.username,
      },
      custom?.accessToken,
    );
    if (!request.api && !grant.scopes.includes('openid')) return { idToken: undefined, accessToken };
    const idToken = await this.sign(
      'id',
      {
        ...(request.api ? {} : { at_hash: atHash(accessToken) }),
        sub: user.sub,
        ...groupClaim,
        ...idTokenAttributes(user.attributes),
        iss: this.issuer(),
        'cognito:username': user.username,
        ...(nonce === undefined ? {} : { nonce }),
        ...originJti,
        aud: client.clientId,
        ...(user.identities ? { identities: user.identities } : {}),
        event_id: grant.eventId,
        token_use: 'id',
        auth_time: grant.authTime,
        exp: now + client.tokenValidity.idToken,
        iat: now,
        ...jti(revocable),
      },
      custom?.idToken,
    );
    return { idToken, accessToken };
  }

  /** A machine-to-machine access token: `sub` is the client itself and there is no user. */
  async clientCredentialsToken(client: Client, scopes: readonly string[]): Promise<string> {
    const now = this.clock.epochSeconds();
    return this.sign('access', {
      sub: client.clientId,
      token_use: 'access',
      scope: scopes.join(' '),
      auth_time: now,
      iss: this.issuer(),
      exp: now + client.tokenValidity.accessToken,
      iat: now,
      version: 2,
      ...jti(client.enableTokenRevocation),
      client_id: client.clientId,
    });
  }

  /** Verifies signature, issuer, lifetime and `token_use` of an access token from this pool. */
  async verifyAccessToken(token: string): Promise<AccessClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        (header) => {
          const key = this.keys.verifying('access', header.kid);
          if (!key) throw new TokenRejected('unknown key id');
          return key.publicKey;
        },
        { issuer: this.issuer(), algorithms: ['RS256'], currentDate: new Date(this.clock.now()) },
      ));
    } catch (cause) {
      throw cause instanceof TokenRejected ? cause : new TokenRejected(describeJoseFailure(cause));
    }
    if (payload.token_use !== 'access') throw new TokenRejected('not an access token');
    return payload as AccessClaims;
  }

  private async sign(use: TokenUse, claims: JWTPayload, edits?: ClaimEdits): Promise<string> {
    const key = this.keys.signing(use);
    return new SignJWT(editClaims(claims, edits))
      .setProtectedHeader({ kid: key.kid, alg: 'RS256' })
      .sign(key.privateKey);
  }
}

/** Cognito adds `jti` (and `origin_jti`) only to tokens of app clients with token revocation enabled. */
const jti = (revocable: boolean): { jti?: string } => (revocable ? { jti: uuid() } : {});

/** OIDC `at_hash`: base64url of the left half of SHA-256 over the access token. */
export function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

function idTokenAttributes(attributes: Record<string, string>): Record<string, string | boolean> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, BOOLEAN_ATTRIBUTES.has(name) ? value === 'true' : value]),
  );
}

function describeJoseFailure(cause: unknown): string {
  const code = (cause as { code?: string }).code;
  if (code === 'ERR_JWT_EXPIRED') return 'Access token has expired';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return 'Access token has an invalid claim';
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'Access token signature is invalid';
  return 'Access token is malformed';
}
