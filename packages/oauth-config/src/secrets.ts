// A client secret travels through generators as an opaque value, so each format decides how to write it and nothing else can print it.
import { CognitoConfigError, type CognitoSettings } from '@cognito-connect/core';
import type { SecretsMode } from './types.js';

const REDACTED = '[secret]';

/** A secret as a generator sees it: the mode, the environment variable that holds it, and (inline only) the value. */
export class SecretValue {
  readonly mode: SecretsMode;
  readonly envVar: string;
  readonly #value: string | undefined;

  constructor(mode: SecretsMode, envVar: string, value?: string) {
    this.mode = mode;
    this.envVar = envVar;
    this.#value = mode === 'inline' ? value : undefined;
  }

  /** What a file that cannot read the environment gets: the value, `${VAR}` for envsubst, or a placeholder. */
  text(): string {
    if (this.mode === 'inline') return this.#value as string;
    if (this.mode === 'env') return `\${${this.envVar}}`;
    return `REPLACE_WITH_${this.envVar}`;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

export interface SecretOptions {
  secrets: SecretsMode;
  secretEnvVar: string;
}

/**
 * The app client's secret for a platform, or undefined for a public client.
 * `required`: the platform only works with a confidential client. Inline mode needs the secret in the settings.
 */
export function clientSecret(
  settings: CognitoSettings,
  options: SecretOptions,
  platform: string,
  required: boolean,
): SecretValue | undefined {
  const confidential = required || settings.clientAuthMethod !== 'none';
  if (!confidential) return undefined;
  if (options.secrets === 'inline' && !settings.clientSecret) {
    throw new CognitoConfigError(
      'CONFIG_REQUIRED',
      'clientSecret',
      `${platform} authenticates with the app client's secret: add clientSecret, or generate with secrets "env" or "placeholder" to write a reference instead.`,
    );
  }
  return new SecretValue(options.secrets, options.secretEnvVar, settings.clientSecret);
}

/** Replaces secrets in a data tree with the text a plain-data format gets (see `SecretValue.text`). */
export function resolveSecrets(value: unknown): unknown {
  if (value instanceof SecretValue) return value.text();
  if (Array.isArray(value)) return value.map(resolveSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSecrets(v)]));
  }
  return value;
}
