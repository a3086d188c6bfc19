// Public API of the cognito-connect CLI package, for scripts that drive it programmatically.
export { createProgram } from './program.js';
export { CliError } from './errors.js';
export {
  readConfigFile,
  writeConfigFile,
  settingsFromConfig,
  configFileSchema,
  ConfigFileError,
  DEFAULT_CONFIG_FILE,
  type ConfigFile,
} from './config-file.js';
