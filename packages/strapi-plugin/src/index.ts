// Public API of @cognito-connect/strapi-plugin for code (Strapi itself loads ./strapi-server): option types and validation.
export {
  PLUGIN_NAME,
  PluginConfigError,
  parseOptions,
  type PluginOptions,
  type PluginOptionsInput as CognitoConnectOptions,
} from './options.js';
export { PluginError, type PluginErrorCode } from './errors.js';
export { LOGIN_CODE_PARAM } from './flow.js';
export { SUB_ATTRIBUTE, USER_PROVIDER, usernameCandidates } from './users.js';
export { mappedRoleType } from './roles.js';
