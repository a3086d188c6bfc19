// The platform targets: each needs an app client; the Cognito-side targets (aws-cli, cloudformation, terraform) can create it.
import { apache } from './apache.js';
import { appsmith } from './appsmith.js';
import { argocd } from './argocd.js';
import { federation } from './federation.js';
import { caddy, nginx } from './forward-auth.js';
import { gitlab } from './gitlab.js';
import { grafana } from './grafana.js';
import { grant } from './grant.js';
import { nextcloud } from './nextcloud.js';
import { outline } from './outline.js';
import { superset } from './superset.js';

export const platformTargets = {
  gitlab,
  appsmith,
  federation,
  grant,
  grafana,
  outline,
  argocd,
  superset,
  nextcloud,
  apache,
  nginx,
  caddy,
} as const;

export type PlatformTargetName = keyof typeof platformTargets;
