// Every target's output, compared exactly with its golden files in test-fixtures/oauth-config.
import { type TargetName, generateConfig, listTargets } from '@cognito-connect/oauth-config';
import { describe, test } from 'vitest';
import { expectGolden } from './support/golden.js';
import { confidential, federated, publicClient, targetOptions } from './support/fixtures.js';

const all = listTargets().map((t) => t.name);
const run = (target: TargetName, settings = confidential, extra: Record<string, unknown> = {}) =>
  generateConfig(target, settings, { ...targetOptions[target], ...extra });

describe('golden files', () => {
  test.each(all)('%s: inline secret', (target) => expectGolden(`${target}/inline`, run(target)));
  test.each(all)('%s: secrets from the environment', (target) =>
    expectGolden(`${target}/env`, run(target, confidential, { secrets: 'env' })),
  );
  test.each(['gitlab', 'argocd', 'federation', 'nextcloud', 'apache'] as const)('%s: placeholders', (target) =>
    expectGolden(`${target}/placeholder`, run(target, confidential, { secrets: 'placeholder' })),
  );
  test.each(['grant', 'grafana', 'argocd', 'terraform', 'apache'] as const)('%s: public client', (target) =>
    expectGolden(
      `${target}/public`,
      run(target, publicClient, target === 'terraform' ? { for: 'grant', targetOptions: targetOptions.grant } : {}),
    ),
  );
  test.each(['gitlab', 'grant', 'superset', 'cloudformation', 'apache'] as const)('%s: federated IdP', (target) =>
    expectGolden(
      `${target}/federated`,
      run(
        target,
        federated,
        target === 'cloudformation'
          ? {
              for: 'federation',
              targetOptions: targetOptions.federation,
              callbackUrls: ['https://app.acme.example/auth/callback'],
            }
          : {},
      ),
    ),
  );
});
