// Looks targets up by name, so callers (the CLI) never import a target module directly.
import type { CognitoOptions, CognitoSettings } from '@cognito-connect/core';
import { z } from 'zod';
import { OAuthConfigError } from './errors.js';
import { type TargetName, targets } from './targets/index.js';
import type { GeneratedConfig } from './types.js';

/** A target as a CLI lists it. `options` is the JSON Schema of its options (with defaults and descriptions). */
export interface TargetInfo {
  /** The name `generateConfig` takes, e.g. `gitlab`. */
  name: TargetName;
  /** The platform, e.g. `Apache httpd (mod_auth_openidc)`. */
  title: string;
  /** One sentence: what is generated. */
  description: string;
  /** The guide in this repository, e.g. `docs/apache.md`. */
  docs: string;
  /** The JSON Schema (input side) of the target's options. */
  options: Record<string, unknown>;
}

/**
 * Every target, in a stable order (platforms first, then the Cognito app-client targets), with the JSON Schema of its
 * options.
 *
 * @example
 * ```ts
 * import { listTargets } from '@cognito-connect/oauth-config';
 *
 * for (const t of listTargets()) console.log(`${t.name.padEnd(14)} ${t.title} — see ${t.docs}`);
 * ```
 */
export function listTargets(): TargetInfo[] {
  return Object.values(targets).map((t) => ({
    name: t.name as TargetName,
    title: t.title,
    description: t.summary,
    docs: t.docs,
    options: z.toJSONSchema(t.options, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  }));
}

/**
 * True when `name` is a target `generateConfig` knows (narrows it to `TargetName`).
 *
 * @example
 * ```ts
 * import { isTargetName } from '@cognito-connect/oauth-config';
 *
 * const name = process.argv[2] ?? '';
 * if (!isTargetName(name)) throw new Error(`no target ${name}`);
 * ```
 */
export function isTargetName(name: string): name is TargetName {
  return Object.hasOwn(targets, name);
}

/**
 * Generates the configuration for one target. Settings errors are core's `CognitoConfigError`; option errors are
 * `OAuthConfigError` naming the option; an unknown target is `OAuthConfigError` with code `TARGET_UNKNOWN`.
 *
 * @example
 * ```ts
 * import { defineCognito } from '@cognito-connect/core';
 * import { generateConfig } from '@cognito-connect/oauth-config';
 *
 * const settings = defineCognito({ userPoolId: 'eu-west-1_AbC123xyZ', domain: 'acme-sso', clientId: '4pq0g9l1ue2hsv3kd9m6ncb7a1' });
 * const apache = generateConfig('apache', settings, { siteUrl: 'https://wiki.example.com', secrets: 'env' });
 * console.log(apache.files[0]?.contents, apache.callbackUrls, apache.logoutUrls);
 * ```
 */
export function generateConfig(
  target: string,
  settings: CognitoSettings | CognitoOptions,
  options: Record<string, unknown> = {},
): GeneratedConfig {
  if (!isTargetName(target)) {
    throw new OAuthConfigError(
      'TARGET_UNKNOWN',
      'target',
      `unknown target "${target}"; expected one of ${Object.keys(targets).join(', ')}.`,
    );
  }
  return targets[target].generate(settings, options as never);
}
