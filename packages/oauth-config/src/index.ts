// Public API of @cognito-connect/oauth-config: generators for platforms that take a generic OAuth2/OIDC config.
export { generateConfig, listTargets, isTargetName, type TargetInfo } from './generate.js';
export { targets, type TargetName } from './targets/index.js';
export type { TargetDefinition } from './targets/define.js';
export { OAuthConfigError, type OAuthConfigErrorCode } from './errors.js';
export type { AppClientSpec, FileFormat, GeneratedConfig, GeneratedFile, SecretsMode } from './types.js';
