// The registry of targets: name → generator and option schema. Platform targets first, then the Cognito side.
import { awsCli } from './aws-cli.js';
import { cloudformation } from './cloudformation.js';
import { platformTargets } from './platforms.js';
import { terraform } from './terraform.js';

/**
 * Every target by name, each a `TargetDefinition` whose `generate` is typed by its own options. A new target is one
 * module in `targets/` added to `platformTargets` (or here, for a Cognito-side target).
 *
 * @example
 * ```ts
 * import { defineCognito } from '@cognito-connect/core';
 * import { targets } from '@cognito-connect/oauth-config';
 *
 * const settings = defineCognito({ userPoolId: 'eu-west-1_AbC123xyZ', domain: 'acme-sso', clientId: 'abc', clientSecret: 'xyz' });
 * const gitlab = targets.gitlab.generate(settings, { gitlabUrl: 'https://gitlab.example.com', strategy: 'openid_connect' });
 * ```
 */
export const targets = { ...platformTargets, 'aws-cli': awsCli, cloudformation, terraform } as const;

/** The name of a target: `gitlab`, `apache`, `terraform`, ... */
export type TargetName = keyof typeof targets;
