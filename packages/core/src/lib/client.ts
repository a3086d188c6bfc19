// The login round trip and token lifecycle for one app client: start, finish, refresh, revoke, logout, userInfo.
import * as oidc from 'openid-client';
import { type AccessTokenClaims, IDP_AUTHORIZE_PARAMS, type IdTokenClaims, scopesOf } from './claims.js';
import { encodeBase64Url } from './base64url.js';
import { cognitoLogoutUrl } from './endpoints.js';
import { isBindingChallenge } from './binding.js';
import { CognitoConfigError, CognitoFlowError, CognitoTokenError, addDetail } from './errors.js';
import { logSafe } from './log-safe.js';
import { revocationCheck } from './revocation.js';
import { createJwksCache } from './jwks.js';
import { type CognitoProfile, profileFromClaims } from './profile.js';
import { oidcConfiguration, protocolError } from './protocol.js';
import { type ReplayGuard, memoryReplayGuard } from './replay.js';
import { seal, unseal } from './seal.js';
import { type CognitoOptions, type CognitoSettings, toSettings } from './settings.js';
import { getUserAttributes } from './user-pool-api.js';
import { type VerifyOptions, createVerifier } from './verify.js';

/** Options for one login (`startLogin` / `edge.start`). */
export interface StartLoginOptions {
  /** Where the app should send the user after login; travels sealed inside the transaction, never as `state`. */
  returnTo?: string;
  /** Skip the hosted UI and go to this federated IdP (its name in the pool). Defaults to settings.identityProvider. */
  identityProvider?: string;
  /** Let Cognito pick the federated IdP from an identifier (e.g. the user's email domain). */
  idpIdentifier?: string;
  /** `login` forces the form even with a Cognito session; `none` fails instead of showing it. */
  prompt?: 'login' | 'none' | 'consent' | 'select_account';
  loginHint?: string;
  /** Language of the hosted UI (`lang`). */
  lang?: string;
  /** Overrides settings.redirectUri for this login (it must be registered too). */
  redirectUri?: string;
  /** Overrides settings.scopes for this login. */
  scopes?: readonly string[];
  /**
   * A browser-binding challenge (see `bindingChallenge`) sealed into the transaction and returned as
   * `LoginResult.binding`, so the single-use code an adapter hands out after login can be tied to this browser.
   */
  binding?: string;
}

/** A started login: where to send the browser, and the sealed transaction to keep in a cookie. */
export interface StartedLogin {
  /** Send the user's browser here. */
  url: string;
  /** Sealed, cookie-safe (base64url + dots). Store it (e.g. HttpOnly cookie) and hand it to finishLogin. */
  transaction: string;
  /** How long the transaction stays valid: use it as the cookie's Max-Age. */
  maxAgeSeconds: number;
}

/** The tokens of a finished login or refresh, all verified. */
export interface CognitoTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string | undefined;
  /** Seconds the access token lives, as Cognito said. */
  expiresIn: number | undefined;
  tokenType: string;
}

/** A finished, verified login: tokens, their claims, the normalized profile and the `returnTo` given at start. */
export interface LoginResult {
  tokens: CognitoTokens;
  idClaims: IdTokenClaims;
  accessClaims: AccessTokenClaims;
  profile: CognitoProfile;
  /** The `returnTo` given to startLogin (unvalidated: pass it through safeRedirect before redirecting). */
  returnTo: string | undefined;
  /** The `binding` challenge given to startLogin, if any: store it with the login code you hand out. */
  binding?: string | undefined;
}

/** Options of `createCognito` beyond the settings: replay guard, extra client IDs, revocation check. */
export interface CognitoClientOptions {
  /** Marks transactions used; default in-memory. Use a shared store when several instances serve callbacks. */
  replayGuard?: ReplayGuard;
  /** Extra app client IDs whose tokens verifyAccessToken accepts (e.g. a mobile app's client calling your API). */
  acceptedClientIds?: readonly string[];
  /**
   * Opt-in revocation check for `verifyAccessToken`: Cognito has no introspection endpoint, so each token not seen
   * recently is shown to `/oauth2/userInfo` (a token of the user-pool API, without `openid`, to `GetUser`), which
   * refuses revoked and globally-signed-out access tokens
   * (`TOKEN_REVOKED`). Cost: one HTTP round trip to Cognito per distinct token per `cacheSeconds` (default 30),
   * against Cognito's userInfo rate quota; a revoked token is refused at most `cacheSeconds` late. At most
   * `maxEntries` (default 10 000) results are remembered.
   */
  revocationCheck?: boolean | { cacheSeconds?: number; maxEntries?: number };
}

/** The login round trip and token lifecycle for one app client (see `createCognito`). */
export interface CognitoClient {
  readonly settings: CognitoSettings;
  readonly endpoints: CognitoSettings['endpoints'];
  /** Builds the authorize URL (PKCE S256, state, nonce) and the sealed transaction to keep in a cookie until the callback. */
  startLogin(options?: StartLoginOptions): Promise<StartedLogin>;
  /** Checks the callback against the transaction (single use), exchanges the code and verifies both tokens. */
  finishLogin(callbackUrl: string | URL, transaction: string): Promise<LoginResult>;
  /** Trades a refresh token for new, verified ID and access tokens. */
  refresh(refreshToken: string): Promise<LoginResult>;
  /** Revokes a refresh token (and the access tokens issued from it) at Cognito's `/oauth2/revoke`. */
  revoke(refreshToken: string): Promise<void>;
  /** The Cognito `/logout` URL (with `client_id` and `logout_uri`) that ends the hosted-UI session. */
  logoutUrl(options?: { logoutUri?: string }): string;
  /**
   * The user's attributes for a verified access token: from `/oauth2/userInfo`, or for a token of the user-pool API
   * (Amplify, `InitiateAuth`: no `openid` scope, which userInfo refuses) from the API's `GetUser`. Values are strings.
   */
  userInfo(accessToken: string): Promise<Record<string, unknown>>;
  /** Verifies an ID token of this app client (signature, `iss`, `aud`, `token_use`, times, required groups). */
  verifyIdToken(token: string, options?: VerifyOptions): Promise<IdTokenClaims>;
  /** Verifies an access token of this app client (or `acceptedClientIds`), with required groups and scopes. */
  verifyAccessToken(token: string, options?: VerifyOptions): Promise<AccessTokenClaims>;
}

interface Transaction {
  v: 1;
  id: string;
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  returnTo?: string;
  binding?: string;
}

const TRANSACTION = 'transaction';

async function atHash(accessToken: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken)));
  return encodeBase64Url(digest.slice(0, 16));
}

function checkedBinding(value: string): string {
  if (!isBindingChallenge(value)) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_TYPE',
      'binding',
      'expected a browser-binding challenge (43 base64url characters, from bindingChallenge).',
    );
  }
  return value;
}

/**
 * The login round trip and token lifecycle for one app client: startLogin / finishLogin (PKCE S256, state, nonce,
 * a sealed single-use transaction), refresh, revoke, logoutUrl, userInfo and token verification. Adapters usually
 * wrap it in `createLoginEdge` instead of calling startLogin/finishLogin themselves.
 *
 * @example
 * ```ts
 * const cognito = createCognito(defineCognito({ ...options, redirectUri: 'https://app.example.com/auth/callback', transactionSecret }));
 * const { url, transaction } = await cognito.startLogin({ returnTo: '/dashboard' });
 * // later, on the callback:
 * const { profile, returnTo } = await cognito.finishLogin(request.url, transaction);
 * ```
 */
export function createCognito(
  input: CognitoOptions | CognitoSettings,
  clientOptions: CognitoClientOptions = {},
): CognitoClient {
  const settings = toSettings(input);
  const { endpoints } = settings;
  const config = oidcConfiguration(settings);
  const replayGuard = clientOptions.replayGuard ?? memoryReplayGuard();
  const userPoolApi = { url: endpoints.api, fetch: settings.fetch, timeoutMs: settings.timeoutMs };
  const jwks = createJwksCache({ uri: endpoints.jwks, fetch: settings.fetch, timeoutMs: settings.timeoutMs });
  const common = {
    userPoolId: settings.userPoolId,
    issuer: endpoints.issuer,
    jwks,
    clockToleranceSeconds: settings.clockToleranceSeconds,
  };
  const idVerifier = createVerifier({ ...common, clientId: settings.clientId, tokenUse: 'id' });
  const accessVerifier = createVerifier({
    ...common,
    clientId: [settings.clientId, ...(clientOptions.acceptedClientIds ?? [])],
    tokenUse: 'access',
  });
  const revocation =
    clientOptions.revocationCheck &&
    revocationCheck(config, clientOptions.revocationCheck === true ? {} : clientOptions.revocationCheck, userPoolApi);
  const ownAccessVerifier = createVerifier({ ...common, clientId: settings.clientId, tokenUse: 'access' });

  const secret = (): string => {
    if (!settings.transactionSecret) {
      throw new CognitoConfigError(
        'CONFIG_REQUIRED',
        'transactionSecret',
        'is required to log users in: a random string of at least 32 characters that seals login transactions.',
      );
    }
    return settings.transactionSecret;
  };

  /** Verifies both tokens of a token response and binds them to each other (at_hash). */
  const verifyTokenResponse = async (
    response: oidc.TokenEndpointResponse,
    nonce: string | undefined,
    previousRefresh?: string,
  ) => {
    if (!response.id_token)
      throw new CognitoTokenError(
        'TOKEN_MALFORMED',
        'Cognito returned no ID token; is "openid" among the app client scopes?',
      );
    const [idClaims, accessClaims] = await Promise.all([
      idVerifier.verify(response.id_token, nonce === undefined ? {} : { nonce }),
      ownAccessVerifier.verify(response.access_token),
    ]);
    if (idClaims.sub !== accessClaims.sub)
      throw new CognitoTokenError('TOKEN_CLAIM_INVALID', 'The ID and access tokens belong to different users.', {
        claim: 'sub',
      });
    if (idClaims.at_hash !== undefined && idClaims.at_hash !== (await atHash(response.access_token))) {
      throw new CognitoTokenError(
        'TOKEN_AT_HASH_MISMATCH',
        'The access token is not the one the ID token was issued with (at_hash).',
        { claim: 'at_hash' },
      );
    }
    const tokens: CognitoTokens = {
      idToken: response.id_token,
      accessToken: response.access_token,
      // Cognito returns no new refresh token on refresh unless rotation is on: keep the one we have.
      refreshToken: response.refresh_token ?? previousRefresh,
      expiresIn: response.expires_in,
      tokenType: response.token_type,
    };
    return { tokens, idClaims, accessClaims, profile: profileFromClaims(idClaims) };
  };

  /** The callback checks and the code exchange of one opened transaction. */
  const finishTransaction = async (
    callbackUrl: string | URL,
    tx: Transaction & { exp: number },
  ): Promise<LoginResult> => {
    let callback: URL;
    try {
      callback = new URL(String(callbackUrl));
    } catch {
      throw new CognitoFlowError('FLOW_PROTOCOL_ERROR', 'The callback URL is not an absolute URL.');
    }
    const params = callback.searchParams;
    if (params.get('state') !== tx.state) {
      throw new CognitoFlowError(
        'FLOW_STATE_MISMATCH',
        "The callback state does not match this browser's login transaction (a forged or crossed callback).",
      );
    }
    const error = params.get('error');
    if (error) {
      throw new CognitoFlowError('FLOW_AUTHORIZATION_ERROR', `Cognito returned "${logSafe(error)}" to the callback.`, {
        oauthError: logSafe(error),
      });
    }
    if (!params.get('code')) throw new CognitoFlowError('FLOW_CODE_MISSING', 'The callback has no authorization code.');
    if (!(await replayGuard.use(tx.id, tx.exp))) {
      throw new CognitoFlowError(
        'FLOW_TRANSACTION_REPLAYED',
        'This login transaction was already used; start a new login.',
      );
    }
    // Hand openid-client the registered redirect URI (not the URL we were reached on, which a proxy may have rewritten).
    const current = new URL(tx.redirectUri);
    current.search = callback.search;
    let response: oidc.TokenEndpointResponse;
    try {
      response = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: tx.verifier,
        expectedState: tx.state,
        expectedNonce: tx.nonce,
        idTokenExpected: true,
      });
    } catch (cause) {
      throw await protocolError(cause, 'the code exchange');
    }
    return { ...(await verifyTokenResponse(response, tx.nonce)), returnTo: tx.returnTo, binding: tx.binding };
  };

  return {
    settings,
    endpoints,

    async startLogin(options = {}) {
      const redirectUri = options.redirectUri ?? settings.redirectUri;
      if (!redirectUri) {
        throw new CognitoConfigError(
          'CONFIG_REQUIRED',
          'redirectUri',
          'is required to log users in: your callback URL, exactly as registered on the app client.',
        );
      }
      if (options.redirectUri) toSettings({ ...settings, redirectUri: options.redirectUri });
      const verifier = oidc.randomPKCECodeVerifier();
      const transaction: Transaction = {
        v: 1,
        id: oidc.randomState(),
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier,
        redirectUri,
        ...(options.returnTo !== undefined ? { returnTo: options.returnTo } : {}),
        ...(options.binding !== undefined ? { binding: checkedBinding(options.binding) } : {}),
      };
      const params: Record<string, string> = {
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: (options.scopes ?? settings.scopes).join(' '),
        state: transaction.state,
        // Always a nonce: without one Cognito puts its own into federated ID tokens, which nothing could check.
        nonce: transaction.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      };
      const idp = options.identityProvider ?? settings.identityProvider;
      if (idp) params[IDP_AUTHORIZE_PARAMS.byName] = idp;
      else if (options.idpIdentifier) params[IDP_AUTHORIZE_PARAMS.byIdentifier] = options.idpIdentifier;
      if (options.prompt) params.prompt = options.prompt;
      if (options.loginHint) params.login_hint = options.loginHint;
      if (options.lang) params.lang = options.lang;
      return {
        url: oidc.buildAuthorizationUrl(config, params).href,
        transaction: await seal({ ...transaction }, secret(), {
          purpose: TRANSACTION,
          ttlSeconds: settings.transactionTtlSeconds,
        }),
        maxAgeSeconds: settings.transactionTtlSeconds,
      };
    },

    async finishLogin(callbackUrl, sealed) {
      const tx = await unseal<Transaction & Record<string, unknown>>(sealed, secret(), TRANSACTION);
      try {
        return await finishTransaction(callbackUrl, tx);
      } catch (error) {
        throw tx.returnTo === undefined ? error : addDetail(error, { returnTo: tx.returnTo });
      }
    },

    async refresh(refreshToken) {
      let response: oidc.TokenEndpointResponse;
      try {
        response = await oidc.refreshTokenGrant(config, refreshToken);
      } catch (cause) {
        throw await protocolError(cause, 'the token refresh');
      }
      return { ...(await verifyTokenResponse(response, undefined, refreshToken)), returnTo: undefined };
    },

    async revoke(refreshToken) {
      try {
        await oidc.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
      } catch (cause) {
        throw await protocolError(cause, 'the token revocation');
      }
    },

    logoutUrl(options = {}) {
      const logoutUri = options.logoutUri ?? settings.logoutUri;
      if (!logoutUri) {
        throw new CognitoConfigError(
          'CONFIG_REQUIRED',
          'logoutUri',
          "is required for Cognito's /logout: one of the app client's sign-out URLs.",
        );
      }
      if (options.logoutUri) toSettings({ ...settings, logoutUri });
      return cognitoLogoutUrl(endpoints, settings.clientId, logoutUri);
    },

    async userInfo(accessToken) {
      const claims = await accessVerifier.verify(accessToken);
      // Cognito's userInfo refuses the user-pool API's tokens (no `openid`: Amplify, InitiateAuth); GetUser serves them.
      if (!scopesOf(claims).includes('openid')) return getUserAttributes(endpoints.api, accessToken, userPoolApi);
      try {
        return (await oidc.fetchUserInfo(config, accessToken, claims.sub)) as Record<string, unknown>;
      } catch (cause) {
        throw await protocolError(cause, 'the userInfo request');
      }
    },

    verifyIdToken: (token, options) => idVerifier.verify(token, options),
    async verifyAccessToken(token, options) {
      const claims = await accessVerifier.verify(token, options);
      if (revocation) await revocation(token, claims);
      return claims;
    },
  };
}
