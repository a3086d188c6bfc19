// The platforms named in the settings file, with the callback URLs oauth-config says each one needs.
import type { CognitoSettings } from '@cognito-connect/core';
import { generateConfig } from '@cognito-connect/oauth-config';
import type { ConfigFile } from '../config-file.js';

export function platformCallbacks(
  file: ConfigFile,
  settings: CognitoSettings,
): Array<{ target: string; callbackUrls: string[] }> {
  return Object.entries(file.platforms ?? {}).map(([target, options]) => ({
    target,
    callbackUrls: generateConfig(target, settings, { ...options, secrets: 'placeholder' }).callbackUrls,
  }));
}
