// The registry of targets: name → generator and option schema. Platform targets first, then the Cognito side.
import { awsCli } from './aws-cli.js';
import { cloudformation } from './cloudformation.js';
import { platformTargets } from './platforms.js';
import { terraform } from './terraform.js';

export const targets = { ...platformTargets, 'aws-cli': awsCli, cloudformation, terraform } as const;

export type TargetName = keyof typeof targets;
