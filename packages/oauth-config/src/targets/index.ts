// The registry of targets: name → generator and option schema.
import { appsmith } from './appsmith.js';
import { gitlab } from './gitlab.js';

export const targets = {
  gitlab,
  appsmith,
} as const;

export type TargetName = keyof typeof targets;
