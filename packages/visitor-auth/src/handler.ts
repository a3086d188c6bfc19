// The visitor-auth flow as one Web-standard fetch handler (start login, finish it, log out), so it runs on GitBook's worker runtime, Node, Deno and Bun.
import {
  CognitoConfigError,
  type CognitoClient,
  type CognitoClientOptions,
  type CognitoOptions,
  type CognitoProfile,
  type CognitoSettings,
  type LogoutOptions,
  createCognito,
  createLoginEdge,
  inRequiredGroup,
  redirectResponse,
  refreshEndsSession,
  withCookies,
} from '@cognito-connect/core';
import { type ClaimMap, compileClaims } from './claims.js';
import { type Site, destinationOnSite, parseSite } from './destination.js';
import { checkSigningSecret, signVisitorToken, visitorExpiresAt } from './visitor-token.js';

/** A visitor who signed in and passed every check, ready to be handed to the site. */
export interface SignedInVisitor {
  /** The allow-listed claims, renamed as configured. */
  claims: Record<string, unknown>;
  /** Seconds since the epoch: the earliest of the Cognito tokens' expiries and `sessionTtl`. */
  expiresAt: number;
  /** Absolute URL on the site the visitor asked for. */
  destination: string;
  /** The verified Cognito profile (for a custom `signedIn`). */
  profile: CognitoProfile;
  /** Cognito's refresh token, for a platform that keeps the session alive (`VisitorAuth.refresh`); keep it sealed. */
  refreshToken: string | undefined;
}

/** A session's tokens renewed by `VisitorAuth.refresh`: fresh claims and when they expire. */
export interface RefreshedVisitor {
  /** The allow-listed claims of the new tokens, renamed as configured. */
  claims: Record<string, unknown>;
  /** Seconds since the epoch: the earlier of the new tokens' expiries (not capped by `sessionTtl`). */
  expiresAt: number;
  /** The refresh token to keep: a rotated one when the app client rotates them, else the one given. */
  refreshToken: string;
}

/** What {@link createVisitorAuth} needs: the Cognito app client, the site and what the visitor token carries. */
export interface VisitorAuthOptions {
  /** Core settings; `redirectUri` (this handler's callback URL) and `transactionSecret` are required. */
  cognito: CognitoOptions | CognitoSettings;
  /** The published site. `signingSecret` signs the visitor token (`?jwt_token=`); not needed with a custom `signedIn`. */
  site: { url: string; signingSecret?: string };
  /** Verified claims copied into the visitor token. Default: `sub`, `email`, `cognito:groups` as `groups`. */
  claims?: ClaimMap;
  /** Longest visitor session in seconds, however long the Cognito tokens live. Default 86 400 (one day). */
  sessionTtl?: number;
  /** Where Cognito's logout sends the visitor back to (one of the app client's sign-out URLs). Default: the site's URL. */
  logoutUrl?: string;
  /** Admit only members of at least one of these Cognito groups; others see a refusal page. */
  requiredGroups?: string | readonly string[];
  /** Hands the visitor to the site. Default: redirect to the destination with `?jwt_token=` signed with `site.signingSecret`. */
  signedIn?: (visitor: SignedInVisitor) => Response | Promise<Response>;
  /**
   * Path of the login transaction cookie. Default `'/'`: `__Host-` on https, which a sibling subdomain cannot plant to
   * finish its own login in a visitor's browser (cookie tossing). Another path (the callback's folder) makes it `__Secure-`,
   * which a sibling subdomain can plant: only for a host shared with other apps, where a path keeps two handlers' logins
   * apart (GitBook's integration endpoint, see `visitorAuthOptionsFor`).
   */
  transactionCookiePath?: string;
  /** Passed to core's createCognito (e.g. a shared replay guard when several instances serve callbacks). */
  cognitoClient?: CognitoClientOptions;
  /** Receives one log-safe line per failed sign-in or refused logout (core's `errorLogLine`). Default `console.error`. */
  log?: (line: string, error: unknown) => void;
}

/** The handler {@link createVisitorAuth} returns: one Web-standard `fetch` for the login, callback and logout routes. */
export interface VisitorAuth {
  /** Serves the login, callback and logout routes; any other path is a 404. */
  fetch(request: Request): Promise<Response>;
  /** The routes' paths: the callback is the redirect URI's path, login and logout sit beside it. */
  readonly paths: { readonly login: string; readonly callback: string; readonly logout: string };
  readonly site: Site;
  /** Absolute URL that starts a login and comes back to `location` (a path on the site). */
  loginUrl(location?: string): string;
  /** Cognito's logout URL, which ends the Cognito session and returns to `logoutUrl`. */
  logoutUrl(): string;
  /**
   * The logout route with extra cookies to clear (e.g. a gateway's session): a GET shows a confirmation page,
   * a same-origin POST ends the session through Cognito's logout; a cross-site POST is refused (403).
   */
  logout(request: Request, options?: Pick<LogoutOptions, 'cookies' | 'onLogout'>): Promise<Response>;
  /**
   * Renews a session with Cognito's refresh grant (verifying the new tokens and the required groups again).
   * Resolves `null` when the session is over: the refresh token expired or was revoked, the user was disabled,
   * signed out globally or left the required groups. Rejects on a transient failure (timeout, network, 5xx).
   */
  refresh(refreshToken: string): Promise<RefreshedVisitor | null>;
  /** Revokes a refresh token at Cognito (`/oauth2/revoke`), e.g. on logout, so a copied session cookie dies too. */
  revoke(refreshToken: string): Promise<void>;
}

const DEFAULT_SESSION_TTL = 86_400;
const TRANSACTION_COOKIE = 'cc-visitor-tx';

function groupList(value: VisitorAuthOptions['requiredGroups']): readonly string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((g) => typeof g !== 'string' || g === '')) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_TYPE',
      'requiredGroups',
      'expected a group name or an array of Cognito group names.',
    );
  }
  return list;
}

function sessionTtl(value: unknown): number {
  if (value === undefined) return DEFAULT_SESSION_TTL;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 60 || value > 2_592_000) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_NUMBER',
      'sessionTtl',
      `expected whole seconds from 60 to 2592000 (30 days); got ${typeof value === 'number' ? value : typeof value}.`,
    );
  }
  return value;
}

function routePaths(client: CognitoClient): VisitorAuth['paths'] & { dir: string; origin: string } {
  const { redirectUri, transactionSecret } = client.settings;
  if (!redirectUri) {
    throw new CognitoConfigError(
      'CONFIG_REQUIRED',
      'cognito.redirectUri',
      "is required: this handler's callback URL, exactly as registered on the app client.",
    );
  }
  if (!transactionSecret) {
    throw new CognitoConfigError(
      'CONFIG_REQUIRED',
      'cognito.transactionSecret',
      'is required: a random string of at least 32 characters that seals login transactions.',
    );
  }
  const url = new URL(redirectUri);
  const dir = url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
  const paths = { callback: url.pathname, login: `${dir}login`, logout: `${dir}logout` };
  if (paths.callback === paths.login || paths.callback === paths.logout) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_URL',
      'cognito.redirectUri',
      `its path must not end in /login or /logout, which sit beside the callback; use e.g. ${dir}callback.`,
    );
  }
  return { ...paths, dir, origin: url.origin };
}

const redirect = (location: string, cookies: readonly string[] = []): Response =>
  redirectResponse(location, { status: 302, cookies });

/** GitBook's hand-off: back to the requested page with `?jwt_token=<visitor token signed with the site's secret>`. */
function jwtTokenHandOff(secret: string): (visitor: SignedInVisitor) => Promise<Response> {
  return async (visitor) => {
    const url = new URL(visitor.destination);
    url.searchParams.set('jwt_token', await signVisitorToken(visitor.claims, { secret, expiresAt: visitor.expiresAt }));
    return redirect(url.href);
  };
}

/**
 * Creates the visitor-auth handler. Throws CognitoConfigError (naming the field) for settings that cannot work,
 * so a misconfiguration fails at startup rather than on a visitor's first click.
 *
 * @example
 * ```ts
 * import { createVisitorAuth } from '@cognito-connect/visitor-auth/web';
 * const auth = createVisitorAuth({
 *   cognito: {
 *     userPoolId: 'eu-west-1_AbC123xyZ',
 *     domain: 'auth.example.com',
 *     clientId: env.CLIENT_ID,
 *     clientSecret: env.CLIENT_SECRET,
 *     redirectUri: 'https://auth.example.com/visitor-auth/response',
 *     transactionSecret: env.TRANSACTION_SECRET,
 *   },
 *   site: { url: 'https://docs.example.com', signingSecret: env.GITBOOK_VISITOR_SIGNING_KEY },
 * });
 * export default { fetch: (request: Request) => auth.fetch(request) };
 * ```
 */
export function createVisitorAuth(options: VisitorAuthOptions): VisitorAuth {
  if (typeof options !== 'object' || options === null) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_TYPE',
      'options',
      'expected an object: { cognito, site: { url, signingSecret } }.',
    );
  }
  const client = createCognito(options.cognito, options.cognitoClient);
  const routes = routePaths(client);
  const site = parseSite(options.site?.url);
  const pickClaims = compileClaims(options.claims);
  const maxTtl = sessionTtl(options.sessionTtl);
  const groups = groupList(options.requiredGroups);
  const cognitoLogout = client.logoutUrl({ logoutUri: options.logoutUrl ?? site.url });
  const edge = createLoginEdge(client, {
    cookieName: TRANSACTION_COOKIE,
    cookiePath: options.transactionCookiePath ?? '/',
    requiredGroups: groups,
    paths: { login: routes.login, logout: routes.logout },
    ...(options.log ? { log: options.log } : {}),
  });
  const deliver =
    options.signedIn ?? jwtTokenHandOff(checkSigningSecret(options.site.signingSecret, 'site.signingSecret'));
  const paths = Object.freeze({ login: routes.login, callback: routes.callback, logout: routes.logout });

  /** A page on the site, but never one of our own routes: a link that signs in and then straight out, or loops, is refused. */
  const destination = (location: string | null | undefined): string => {
    const target = new URL(destinationOnSite(location, site));
    const own =
      target.origin === routes.origin &&
      (target.pathname === routes.login || target.pathname === routes.callback || target.pathname === routes.logout);
    return own ? site.url : target.href;
  };

  const loginUrl = (location?: string): string => {
    const url = new URL(routes.login, routes.origin);
    if (location) url.searchParams.set('location', location);
    return url.href;
  };

  async function callback(request: Request): Promise<Response> {
    const outcome = await edge.callback(request);
    if (!outcome.ok) return outcome.response;
    const { result } = outcome;
    const visitor: SignedInVisitor = {
      claims: pickClaims({ ...result.accessClaims, ...result.idClaims }),
      expiresAt: visitorExpiresAt([result.idClaims.exp, result.accessClaims.exp], maxTtl),
      destination: destination(result.returnTo),
      profile: result.profile,
      refreshToken: result.tokens.refreshToken,
    };
    try {
      return withCookies(await deliver(visitor), outcome.cookies);
    } catch (error) {
      return withCookies(edge.errorResponse(error, request), outcome.cookies);
    }
  }

  const logout: VisitorAuth['logout'] = (request, logoutOptions = {}) =>
    edge.logout(request, { ...logoutOptions, redirectTo: cognitoLogout });

  const refresh: VisitorAuth['refresh'] = async (refreshToken) => {
    let result: Awaited<ReturnType<CognitoClient['refresh']>>;
    try {
      result = await client.refresh(refreshToken);
    } catch (error) {
      if (refreshEndsSession(error)) return null;
      throw error;
    }
    if (groups.length > 0 && !inRequiredGroup(result.idClaims, groups)) return null;
    return {
      claims: pickClaims({ ...result.accessClaims, ...result.idClaims }),
      expiresAt: visitorExpiresAt([result.idClaims.exp, result.accessClaims.exp], Number.POSITIVE_INFINITY),
      refreshToken: result.tokens.refreshToken ?? refreshToken,
    };
  };

  return {
    paths,
    site,
    loginUrl,
    refresh,
    revoke: (refreshToken) => client.revoke(refreshToken),
    logoutUrl: () => cognitoLogout,
    logout,
    async fetch(request) {
      const url = new URL(request.url);
      const method = request.method.toUpperCase();
      const readOnly = method === 'GET' || method === 'HEAD';
      if (url.pathname === routes.login && readOnly) {
        return edge.start(request, { returnTo: destination(url.searchParams.get('location')) });
      }
      if (url.pathname === routes.callback && readOnly) return callback(request);
      if (url.pathname === routes.logout && (readOnly || method === 'POST')) return logout(request);
      return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    },
  };
}
