// A secret is written only where a target needs it, and env / placeholder modes write none at all.
import { inspect } from 'node:util';
import { CognitoConfigError, defineCognito } from '@cognito-connect/core';
import { type GeneratedConfig, type TargetName, generateConfig, listTargets } from '@cognito-connect/oauth-config';
import { describe, expect, test } from 'vitest';
import { SecretValue } from '../src/secrets.js';
import { CLIENT_SECRET, IDP_SECRET, confidential, publicClient, targetOptions } from './support/fixtures.js';

const all = listTargets().map((t) => t.name);
/** Every string a user could see or save: files, notes, URLs, the JSON form. */
const everything = (config: GeneratedConfig) => JSON.stringify(config);
const gen = (target: TargetName, settings = confidential, extra: Record<string, unknown> = {}) =>
  generateConfig(target, settings, { ...targetOptions[target], ...extra });

describe('env and placeholder modes write no secret anywhere', () => {
  test.each(all.flatMap((t) => (['env', 'placeholder'] as const).map((mode) => [t, mode] as const)))(
    '%s (%s)',
    (target, secrets) => {
      const output = everything(gen(target, confidential, { secrets }));
      expect(output).not.toContain(CLIENT_SECRET);
      expect(output).not.toContain(IDP_SECRET);
    },
  );

  test('env mode needs no secret in the settings (a CLI can generate without reading it)', () => {
    const noSecret = defineCognito({
      userPoolId: confidential.userPoolId,
      domain: 'acme-sso',
      clientId: confidential.clientId,
    });
    for (const target of all) {
      const options =
        target === 'federation' ? { ...targetOptions.federation, idpClientSecret: undefined } : targetOptions[target];
      expect(() => generateConfig(target, noSecret, { ...options, secrets: 'env' }), target).not.toThrow();
    }
  });

  test('env references are the variable named by secretEnvVar, in each format own syntax', () => {
    const files = (t: TargetName) =>
      gen(t, confidential, { secrets: 'env', secretEnvVar: 'GITLAB_OIDC_SECRET' })
        .files.map((f) => f.contents)
        .join('\n');
    expect(files('gitlab')).toContain('ENV.fetch("GITLAB_OIDC_SECRET")');
    expect(files('grafana')).toContain('client_secret = $__env{GITLAB_OIDC_SECRET}');
    expect(files('superset')).toContain('os.environ["GITLAB_OIDC_SECRET"]');
    expect(files('grant')).toContain('process.env["GITLAB_OIDC_SECRET"]');
    expect(files('nextcloud')).toContain('--clientsecret="$GITLAB_OIDC_SECRET"');
    expect(files('outline')).toContain('OIDC_CLIENT_SECRET="${GITLAB_OIDC_SECRET}"');
  });
});

describe('inline mode writes the secret only where the target needs it', () => {
  test.each(['aws-cli', 'cloudformation', 'terraform', 'federation'] as const)(
    '%s never writes the app client secret',
    (target) => {
      expect(everything(gen(target))).not.toContain(CLIENT_SECRET);
    },
  );

  test('federation writes the IdP secret into the Cognito request only', () => {
    const config = gen('federation');
    expect(config.files.filter((f) => f.contents.includes(IDP_SECRET)).map((f) => f.path)).toEqual([
      'cognito-identity-provider.json',
    ]);
  });

  test.each([
    ['gitlab', ['gitlab.rb', 'gitlab.yml', 'helm/cognito-provider.yaml', 'cognito-provider.json']],
    ['argocd', ['argocd-cognito-secret.yaml']],
    ['grafana', ['grafana.ini', 'grafana.env']],
    ['appsmith', ['docker.env', 'admin-settings.json']],
  ] as const)('%s: only the files that carry credentials', (target, paths) => {
    expect(
      gen(target)
        .files.filter((f) => f.contents.includes(CLIENT_SECRET))
        .map((f) => f.path),
    ).toEqual(paths);
  });

  test('public clients: optional-secret targets write none, required-secret targets refuse with core’s error', () => {
    for (const target of ['grant', 'grafana', 'argocd'] as const) {
      const config = gen(target, publicClient);
      expect(config.appClient.generateSecret).toBe(false);
      expect(everything(config)).not.toMatch(/REPLACE_WITH|COGNITO_CLIENT_SECRET/);
    }
    for (const target of ['gitlab', 'appsmith', 'outline', 'superset', 'nextcloud'] as const) {
      const attempt = () => gen(target, publicClient);
      expect(attempt, target).toThrow(CognitoConfigError);
      expect(attempt, target).toThrow(expect.objectContaining({ code: 'CONFIG_REQUIRED', field: 'clientSecret' }));
    }
  });
});

test('a SecretValue never prints its value', () => {
  const secret = new SecretValue('inline', 'COGNITO_CLIENT_SECRET', CLIENT_SECRET);
  expect(secret.text()).toBe(CLIENT_SECRET);
  for (const shown of [String(secret), `${secret}`, JSON.stringify({ secret }), inspect(secret), inspect({ secret })]) {
    expect(shown).not.toContain(CLIENT_SECRET);
  }
  expect(new SecretValue('env', 'X', CLIENT_SECRET).text()).toBe('${X}');
  expect(new SecretValue('placeholder', 'X', CLIENT_SECRET).text()).toBe('REPLACE_WITH_X');
});
