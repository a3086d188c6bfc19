// The platforms named in the settings file, with the callback URLs oauth-config says each one needs.
import type { CognitoSettings } from '@cognito-connect/core';
import { generateConfig } from '@cognito-connect/oauth-config';
import type { ConfigFile } from '../config-file.js';

/**
 * The platforms of the settings file's `platforms` with the callback URLs each one needs on the app client.
 *
 * @example
 * ```ts
 * const file = await readConfigFile();
 * platformCallbacks(file, settingsFromConfig(file)); // [{ target: 'gitlab', callbackUrls: ['https://gitlab.example.com/users/auth/openid_connect/callback'] }]
 * ```
 */
export function platformCallbacks(
  file: ConfigFile,
  settings: CognitoSettings,
): Array<{ target: string; callbackUrls: string[] }> {
  return Object.entries(file.platforms ?? {}).map(([target, options]) => ({
    target,
    callbackUrls: generateConfig(target, settings, { ...options, secrets: 'placeholder' }).callbackUrls,
  }));
}
