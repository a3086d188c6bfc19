// Builds the openid-client configuration for a pool from settings, and turns its errors into ours.
import * as oidc from 'openid-client';
import { CognitoFlowError, CognitoHttpError, CognitoTokenError } from './errors.js';
import { logSafe } from './log-safe.js';
import type { CognitoSettings } from './settings.js';

/** A static configuration: every endpoint is known from settings, so no discovery round trip is needed. */
export function oidcConfiguration(settings: CognitoSettings): oidc.Configuration {
  const { endpoints } = settings;
  const server: oidc.ServerMetadata = {
    issuer: endpoints.issuer,
    authorization_endpoint: endpoints.authorize,
    token_endpoint: endpoints.token,
    userinfo_endpoint: endpoints.userInfo,
    revocation_endpoint: endpoints.revoke,
    end_session_endpoint: endpoints.logout,
    jwks_uri: endpoints.jwks,
  };
  const auth =
    settings.clientAuthMethod === 'client_secret_basic'
      ? oidc.ClientSecretBasic(settings.clientSecret)
      : settings.clientAuthMethod === 'client_secret_post'
        ? oidc.ClientSecretPost(settings.clientSecret)
        : oidc.None();
  const config = new oidc.Configuration(server, settings.clientId, { id_token_signed_response_alg: 'RS256' }, auth);
  config.timeout = Math.ceil(settings.timeoutMs / 1000);
  // Settings already refuse plain http except on loopback (the emulator), so this only opens what they allowed.
  if (settings.domainKind === 'local' || endpoints.issuer.startsWith('http:')) oidc.allowInsecureRequests(config);
  if (settings.fetch) config[oidc.customFetch] = settings.fetch as oidc.CustomFetch;
  return config;
}

/** Maps openid-client / oauth4webapi failures to stable codes, keeping Cognito's OAuth error name but never a body or token. */
export async function protocolError(cause: unknown, during: string): Promise<Error> {
  if (cause instanceof CognitoFlowError || cause instanceof CognitoTokenError || cause instanceof CognitoHttpError)
    return cause;
  if (cause instanceof oidc.ResponseBodyError) {
    const oauthError = logSafe(cause.error);
    if (oauthError === 'invalid_grant') {
      return new CognitoFlowError(
        'FLOW_CODE_REJECTED',
        `Cognito refused the grant during ${during} (invalid_grant): the code or refresh token is expired, used or revoked.`,
        { oauthError, cause },
      );
    }
    const hint =
      oauthError === 'invalid_client'
        ? ' Check clientId, clientSecret and clientAuthMethod.'
        : oauthError === 'unauthorized_client'
          ? ' Enable this grant type on the app client.'
          : '';
    return new CognitoHttpError(
      'HTTP_STATUS',
      `Cognito answered ${cause.status} ${oauthError} during ${during}.${hint}`,
      { status: cause.status, oauthError, cause },
    );
  }
  if (cause instanceof oidc.AuthorizationResponseError) {
    return new CognitoFlowError(
      'FLOW_AUTHORIZATION_ERROR',
      `Cognito returned the error "${logSafe(cause.error)}" to the callback.`,
      { oauthError: logSafe(cause.error), cause },
    );
  }
  if (cause instanceof oidc.WWWAuthenticateChallengeError) {
    // A 401 with WWW-Authenticate: a refused client (token endpoint) or a refused access token (userInfo).
    const challenges = (cause.cause ?? []) as Array<{ parameters?: { error?: string } }>;
    // The error is in the challenge for Bearer, in the JSON body for a client refused with Basic.
    const body = (await cause.response
      .clone()
      .json()
      .catch(() => ({}))) as { error?: unknown };
    const oauthError =
      challenges.find((c) => c.parameters?.error)?.parameters?.error ??
      (typeof body.error === 'string' ? body.error : undefined);
    const hint = oauthError === 'invalid_client' ? ' Check clientId, clientSecret and clientAuthMethod.' : '';
    return new CognitoHttpError(
      'HTTP_STATUS',
      `Cognito answered ${cause.status}${oauthError ? ` ${oauthError}` : ''} during ${during}.${hint}`,
      { status: cause.status, ...(oauthError ? { oauthError } : {}), cause },
    );
  }
  const err = cause as { name?: string; code?: string; message?: string; cause?: { name?: string } };
  if (err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return new CognitoHttpError('HTTP_TIMEOUT', `Cognito did not answer in time during ${during}.`, { cause });
  }
  if (
    err?.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' ||
    err?.code === 'OAUTH_RESPONSE_IS_NOT_JSON' ||
    err?.code === 'OAUTH_INVALID_RESPONSE'
  ) {
    return new CognitoHttpError(
      'HTTP_INVALID_RESPONSE',
      `Cognito's answer during ${during} did not follow the protocol.`,
      { cause },
    );
  }
  const failedClaim =
    (err?.cause as { claim?: string; cause?: { claim?: string } } | undefined)?.cause?.claim ??
    (err?.cause as { claim?: string } | undefined)?.claim;
  if (err?.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && failedClaim === 'nonce') {
    return new CognitoTokenError(
      'TOKEN_NONCE_MISMATCH',
      'The ID token nonce does not match the one sent with this login.',
      { claim: 'nonce', cause },
    );
  }
  if (
    err?.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' ||
    err?.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' ||
    err?.code === 'OAUTH_INVALID_RESPONSE_BODY'
  ) {
    return new CognitoTokenError('TOKEN_CLAIM_INVALID', `The ID token from ${during} failed a claim check.`, { cause });
  }
  if (cause instanceof TypeError) {
    return new CognitoHttpError('HTTP_NETWORK', `Could not reach Cognito during ${during}.`, { cause });
  }
  return new CognitoFlowError(
    'FLOW_PROTOCOL_ERROR',
    `The ${during} failed: ${err?.code ?? err?.name ?? 'unknown error'}.`,
    { cause },
  );
}
