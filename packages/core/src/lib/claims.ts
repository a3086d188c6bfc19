// The shapes of Cognito's ID and access tokens, as Cognito writes them (string booleans included).

/** One linked identity in the `identities` claim of a federated user (Cognito's own shape, string booleans included). */
export interface CognitoIdentity {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: string | null;
  /** Cognito sends "true"/"false" strings. */
  primary: string | boolean;
  /** Milliseconds since the epoch, as a string. */
  dateCreated: string | number;
}

interface CommonClaims {
  sub: string;
  iss: string;
  exp: number;
  iat: number;
  auth_time?: number;
  jti?: string;
  origin_jti?: string;
  event_id?: string;
  'cognito:groups'?: string[];
  [claim: string]: unknown;
}

/** The claims of a verified Cognito ID token. */
export interface IdTokenClaims extends CommonClaims {
  token_use: 'id';
  aud: string;
  'cognito:username': string;
  email?: string;
  email_verified?: boolean | string;
  phone_number?: string;
  phone_number_verified?: boolean | string;
  nonce?: string;
  at_hash?: string;
  identities?: CognitoIdentity[];
}

/** The claims of a verified Cognito access token. */
export interface AccessTokenClaims extends CommonClaims {
  token_use: 'access';
  client_id: string;
  scope?: string;
  /** Absent on client_credentials tokens, where `sub` is the client ID. */
  username?: string;
  version?: number;
}

/** The claims of either token; narrow on `token_use`. */
export type CognitoTokenClaims = IdTokenClaims | AccessTokenClaims;

/**
 * Groups from `cognito:groups`, always an array.
 *
 * @example
 * ```ts
 * groupsOf({ 'cognito:groups': ['admins'] }); // ['admins']
 * ```
 */
export function groupsOf(claims: Record<string, unknown>): string[] {
  const groups = claims[COGNITO_CLAIMS.groups];
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * Scopes of an access token, split.
 *
 * @example
 * ```ts
 * scopesOf({ scope: 'openid email' }); // ['openid', 'email']
 * ```
 */
export function scopesOf(claims: Record<string, unknown>): string[] {
  return typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
}

/** Claim names Cognito writes into its tokens, for adapters and config generators that point platforms at them. */
export const COGNITO_CLAIMS = {
  groups: 'cognito:groups',
  username: 'cognito:username',
  accessTokenUsername: 'username',
  tokenUse: 'token_use',
  clientId: 'client_id',
  identities: 'identities',
  email: 'email',
  emailVerified: 'email_verified',
  customPrefix: 'custom:',
} as const;

/** Fields of the `/oauth2/userInfo` response; `email_verified` arrives there as the string "true"/"false". */
export const USERINFO_FIELDS = {
  subject: 'sub',
  email: 'email',
  emailVerified: 'email_verified',
  username: 'username',
} as const;

/** The user pool itself, as named among an app client's supported identity providers. */
export const USER_POOL_PROVIDER = 'COGNITO';

/** Authorize parameters that route a login to a federated IdP: by its name, or by an identifier such as an email domain. */
export const IDP_AUTHORIZE_PARAMS = { byName: 'identity_provider', byIdentifier: 'idp_identifier' } as const;

/** Claims that describe a token rather than the user (issuer, lifetimes, binding, client); never user data to copy elsewhere. */
export const TOKEN_BOOKKEEPING_CLAIMS: readonly string[] = Object.freeze([
  'iss',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'auth_time',
  'token_use',
  'nonce',
  'at_hash',
  'origin_jti',
  'event_id',
  'client_id',
  'azp',
  'scope',
  'version',
]);
