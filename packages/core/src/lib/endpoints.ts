// The one home of every Cognito URL: paths on the user pool domain and on the issuer host.

/** Paths Cognito serves on a user pool domain (hosted UI / managed login). */
export const COGNITO_DOMAIN_PATHS = {
  authorize: '/oauth2/authorize',
  token: '/oauth2/token',
  userInfo: '/oauth2/userInfo',
  revoke: '/oauth2/revoke',
  idpResponse: '/oauth2/idpresponse',
  login: '/login',
  logout: '/logout',
} as const;

/** The `X-Amz-Target` of a user-pool API action, e.g. `AWSCognitoIdentityProviderService.GetUser`. */
export const cognitoApiTarget = (action: 'GetUser'): string => `AWSCognitoIdentityProviderService.${action}`;

/** Every URL an app needs to talk to one user pool through one domain. */
export interface CognitoEndpoints {
  /** The domain's origin, e.g. `https://myapp.auth.eu-west-1.amazoncognito.com`. */
  readonly domain: string;
  readonly authorize: string;
  readonly token: string;
  readonly userInfo: string;
  readonly revoke: string;
  /** Cognito's own logout: `?client_id=…&logout_uri=…`. */
  readonly logout: string;
  /** Where an external IdP sends users back to Cognito; register it at the IdP when federating. */
  readonly idpResponse: string;
  /** `https://cognito-idp.{region}.amazonaws.com/{userPoolId}` */
  readonly issuer: string;
  /**
   * The user-pool API (`GetUser`, `InitiateAuth`, …): the issuer's host, `https://cognito-idp.{region}.amazonaws.com/`
   * (the emulator serves it on its own origin, which is also its issuer's).
   */
  readonly api: string;
  readonly jwks: string;
  readonly discovery: string;
}

/** The issuer Cognito writes into `iss` for a pool. */
export function cognitoIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/**
 * The hosted domain for a domain prefix.
 *
 * @example
 * ```ts
 * cognitoPrefixDomain('myapp', 'eu-west-1'); // 'myapp.auth.eu-west-1.amazoncognito.com'
 * ```
 */
export function cognitoPrefixDomain(prefix: string, region: string): string {
  return `${prefix}.auth.${region}.amazoncognito.com`;
}

/**
 * Derives every endpoint. `domainOrigin` and `issuer` are already normalized by settings
 * (no trailing slash); pass overrides there to point at the emulator.
 */
export function cognitoEndpoints(input: { domainOrigin: string; issuer: string }): CognitoEndpoints {
  const { domainOrigin: domain, issuer } = input;
  return Object.freeze({
    domain,
    authorize: domain + COGNITO_DOMAIN_PATHS.authorize,
    token: domain + COGNITO_DOMAIN_PATHS.token,
    userInfo: domain + COGNITO_DOMAIN_PATHS.userInfo,
    revoke: domain + COGNITO_DOMAIN_PATHS.revoke,
    logout: domain + COGNITO_DOMAIN_PATHS.logout,
    idpResponse: domain + COGNITO_DOMAIN_PATHS.idpResponse,
    issuer,
    api: `${new URL(issuer).origin}/`,
    jwks: `${issuer}/.well-known/jwks.json`,
    discovery: `${issuer}/.well-known/openid-configuration`,
  });
}

/**
 * Cognito's own `/logout`: ends the hosted-UI session, then sends the browser to `logoutUri` (one of the app client's sign-out URLs).
 *
 * @example
 * ```ts
 * const url = cognitoLogoutUrl(settings.endpoints, settings.clientId, 'https://app.example.com/');
 * ```
 */
export function cognitoLogoutUrl(
  endpoints: Pick<CognitoEndpoints, 'logout'>,
  clientId: string,
  logoutUri: string,
): string {
  const url = new URL(endpoints.logout);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('logout_uri', logoutUri);
  return url.href;
}
