// Public API of @cognito-connect/strapi-plugin for code (Strapi itself loads ./strapi-server): option types and validation.
export {
  PLUGIN_NAME,
  PluginConfigError,
  parseOptions,
  type PluginOptions,
  type PluginOptionsInput as CognitoConnectOptions,
} from './options.js';
export { PluginError, type PluginErrorCode } from './errors.js';
export { LOGIN_CODE_PARAM } from './server/services/flow.js';
export { SUB_ATTRIBUTE, USER_PROVIDER, usernameCandidates } from './server/services/users.js';
export { mappedRoleType } from './server/services/roles.js';
