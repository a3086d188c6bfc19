// Looks targets up by name, so callers (the CLI) never import a target module directly.
import type { CognitoOptions, CognitoSettings } from '@cognito-connect/core';
import { z } from 'zod';
import { OAuthConfigError } from './errors.js';
import { type TargetName, targets } from './targets/index.js';
import type { GeneratedConfig } from './types.js';

/** A target as a CLI lists it. `options` is the JSON Schema of its options (with defaults and descriptions). */
export interface TargetInfo {
  name: TargetName;
  title: string;
  description: string;
  docs: string;
  options: Record<string, unknown>;
}

/** Every target, in a stable order. */
export function listTargets(): TargetInfo[] {
  return Object.values(targets).map((t) => ({
    name: t.name as TargetName,
    title: t.title,
    description: t.summary,
    docs: t.docs,
    options: z.toJSONSchema(t.options, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  }));
}

export function isTargetName(name: string): name is TargetName {
  return Object.hasOwn(targets, name);
}

/**
 * Generates the configuration for one target. Settings errors are core's `CognitoConfigError`; option errors are
 * `OAuthConfigError` naming the option; an unknown target is `OAuthConfigError` with code `TARGET_UNKNOWN`.
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
