// Public API of @cognito-connect/core: everything an adapter may import is exported here and only here.
export * from './errors.js';
export * from './endpoints.js';
export * from './settings.js';
export type { CognitoIdentity, IdTokenClaims, AccessTokenClaims, CognitoTokenClaims } from './claims.js';
export {
  groupsOf,
  scopesOf,
  COGNITO_CLAIMS,
  USERINFO_FIELDS,
  USER_POOL_PROVIDER,
  IDP_AUTHORIZE_PARAMS,
  TOKEN_BOOKKEEPING_CLAIMS,
} from './claims.js';
export {
  createVerifier,
  type CognitoVerifier,
  type VerifierOptions,
  type VerifyOptions,
  type TokenUse,
} from './verify.js';
export { createJwksCache, type JwksCache, type JwksCacheOptions } from './jwks.js';
export type { JsonWebKey, SignatureBackend } from './signature.js';
export { profileFromClaims, claimBoolean, type CognitoProfile } from './profile.js';
export { safeRedirect, type SafeRedirectOptions } from './redirects.js';
export { seal, unseal, type SealOptions } from './seal.js';
export { memoryReplayGuard, type ReplayGuard } from './replay.js';
export {
  createCognito,
  type CognitoClient,
  type CognitoClientOptions,
  type CognitoTokens,
  type LoginResult,
  type StartLoginOptions,
  type StartedLogin,
} from './client.js';
export {
  probeDiscovery,
  probeJwks,
  probeAuthorize,
  probeCallback,
  probeClientSecret,
  type ProbeResult,
} from './probes.js';
