// Public API of @cognito-connect/core: everything an adapter may import is named here; src/lib/ is internal.

// Errors: every code in exactly one class, with a structured detail.
export {
  CognitoConnectError,
  CognitoError,
  CognitoConfigError,
  CognitoTokenError,
  CognitoFlowError,
  CognitoHttpError,
  CognitoRequestError,
  type CognitoErrorCode,
  type CognitoErrorDetail,
  type ConfigErrorCode,
  type TokenErrorCode,
  type FlowErrorCode,
  type HttpErrorCode,
  type RequestErrorCode,
} from './lib/errors.js';

// Settings, pools, URLs and endpoints.
export {
  defineCognito,
  definePool,
  DEFAULT_SCOPES,
  type CognitoOptions,
  type CognitoSettings,
  type CognitoPool,
  type ClientAuthMethod,
} from './lib/settings.js';
export { parseHttpsUrl, isLoopbackHost, type HttpsUrlOptions } from './lib/url.js';
export { cognitoLogoutUrl, cognitoPrefixDomain, type CognitoEndpoints } from './lib/endpoints.js';

// Claims, groups, profiles.
export {
  groupsOf,
  scopesOf,
  COGNITO_CLAIMS,
  USERINFO_FIELDS,
  USER_POOL_PROVIDER,
  IDP_AUTHORIZE_PARAMS,
  TOKEN_BOOKKEEPING_CLAIMS,
  type CognitoIdentity,
  type IdTokenClaims,
  type AccessTokenClaims,
  type CognitoTokenClaims,
} from './lib/claims.js';
export { inRequiredGroup, requireGroup, type GroupSource } from './lib/groups.js';
export { profileFromClaims, verifiedClaims, type CognitoProfile } from './lib/profile.js';

// Token verification.
export {
  createVerifier,
  type CognitoVerifier,
  type VerifierOptions,
  type VerifyOptions,
  type TokenUse,
} from './lib/verify.js';
export { createJwksCache, type JwksCache, type JwksCacheOptions } from './lib/jwks.js';
export type { JsonWebKey, SignatureBackend } from './lib/signature.js';

// The login round trip.
export {
  createCognito,
  type CognitoClient,
  type CognitoClientOptions,
  type CognitoTokens,
  type LoginResult,
  type StartLoginOptions,
  type StartedLogin,
} from './lib/client.js';
export { seal, unseal, type SealOptions } from './lib/seal.js';
export { REFRESH_LEAD_SECONDS, REFRESH_TOKEN_VALIDITY, refreshDue, refreshEndsSession } from './lib/sessions.js';
export { memoryReplayGuard, type ReplayGuard } from './lib/replay.js';

// The login's HTTP edge: Request in, Response out.
export {
  createLoginEdge,
  type LoginEdge,
  type LoginEdgeOptions,
  type LogoutOptions,
  type CallbackOutcome,
} from './lib/login-edge.js';
export { edgeCookie, readCookie, setCookie, clearCookie, withCookies, type EdgeCookie } from './lib/cookies.js';
export {
  isSecureRequest,
  checkSameOrigin,
  requireSameOrigin,
  type RequestTrustOptions,
  type SameOriginOptions,
} from './lib/request.js';
export {
  describeError,
  describeErrorCode,
  errorStatus,
  errorResponse,
  errorLogLine,
  type ErrorDescription,
  type ErrorResponseOptions,
} from './lib/error-table.js';
export {
  htmlPage,
  redirectResponse,
  PAGE_HEADERS,
  SIGNED_IN_CACHE_CONTROL,
  type PageContent,
  type PageLink,
  type PageForm,
} from './lib/pages.js';
export { safeRedirect, type SafeRedirectOptions } from './lib/redirects.js';
export { logSafe } from './lib/log-safe.js';
export { createBindingVerifier, bindingChallenge, isBindingChallenge, verifyBinding } from './lib/binding.js';

// Diagnostics (the CLI's doctor).
export { diagnose, type DiagnoseOptions, type Diagnosis, type DiagnosticCheck } from './lib/probes.js';
