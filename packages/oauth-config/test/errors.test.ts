// Bad settings fail with core's own errors; bad options with OAuthConfigError naming the option and what was expected.
import { CognitoConfigError, defineCognito } from '@cognito-connect/core';
import { OAuthConfigError, generateConfig, listTargets } from '@cognito-connect/oauth-config';
import { describe, expect, test } from 'vitest';
import { IDP_SECRET, confidential, targetOptions } from './support/fixtures.js';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('settings errors are core’s, untouched', () => {
  const bad = [
    { userPoolId: 'arn:aws:cognito-idp:eu-west-1:1:userpool/eu-west-1_AbC', domain: 'acme', clientId: 'abc' },
    {
      userPoolId: 'eu-west-1_AbC123xyZ',
      domain: 'https://https://acme.auth.eu-west-1.amazoncognito.com',
      clientId: 'abc',
    },
    { userPoolId: 'eu-west-1_AbC123xyZ', domain: 'acme.auth.us-east-1.amazoncognito.com', clientId: 'abc' },
    { userPoolId: 'eu-west-1_AbC123xyZ', domain: 'acme', clientId: 'abc', scopes: 'email profile' },
    { userPoolId: 'eu-west-1_AbC123xyZ', domain: 'acme' },
  ];
  test.each(listTargets().map((t) => t.name))('%s', (target) => {
    for (const settings of bad) {
      const expected = caught(() => defineCognito(settings as never)) as CognitoConfigError;
      const actual = caught(() =>
        generateConfig(target, settings as never, targetOptions[target]),
      ) as CognitoConfigError;
      expect(actual).toBeInstanceOf(CognitoConfigError);
      expect({ code: actual.code, field: actual.field, message: actual.message }).toEqual({
        code: expected.code,
        field: expected.field,
        message: expected.message,
      });
    }
  });

  test('a platform that reads the email refuses settings without the email scope, naming scopes', () => {
    const noEmail = defineCognito({
      userPoolId: 'eu-west-1_AbC123xyZ',
      domain: 'acme',
      clientId: 'abc',
      clientSecret: 's',
      scopes: 'openid',
    });
    expect(() => generateConfig('gitlab', noEmail, targetOptions.gitlab)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID_SCOPES', field: 'scopes' }),
    );
  });
});

describe('option errors name the option', () => {
  const optionError = (target: string, options: Record<string, unknown>) =>
    caught(() => generateConfig(target, confidential, options)) as OAuthConfigError;

  test.each([
    [{}, 'gitlabUrl', /is required: the address of your GitLab/],
    [{ gitlabUrl: 'gitlab.acme.example' }, 'gitlabUrl', /full address .* with https:\/\//],
    [{ gitlabUrl: 'https://https://gitlab.acme.example' }, 'gitlabUrl', /scheme is pasted twice/],
    [{ gitlabUrl: 'http://gitlab.acme.example' }, 'gitlabUrl', /plain http is only allowed for localhost/],
    [{ gitlabUrl: 'https://gitlab.acme.example/?x=1' }, 'gitlabUrl', /must not contain a query string/],
    [{ gitlabUrl: 'ftp://gitlab.acme.example' }, 'gitlabUrl', /expected an https:\/\/ URL .*scheme ftp/],
    [
      { gitlabUrl: 'https://gitlab.acme.example', gitlabURL: 'x' },
      'gitlabURL',
      /unknown option; this target takes gitlabUrl, strategy, providerName/,
    ],
    [{ gitlabUrl: 'https://gitlab.acme.example', secrets: 'none' }, 'secrets', /"inline", "env" or "placeholder"/],
    [{ gitlabUrl: 'https://gitlab.acme.example', providerName: 'Cognito SSO' }, 'providerName', /lower-case name/],
    [{ gitlabUrl: 'https://gitlab.acme.example', label: 'Sign in #1' }, 'label', /letters, digits, spaces/],
    [
      { gitlabUrl: 'https://gitlab.acme.example', secretEnvVar: 'my-secret' },
      'secretEnvVar',
      /environment variable name/,
    ],
  ])('gitlab %j → %s', (options, option, message) => {
    const error = optionError('gitlab', options);
    expect(error).toBeInstanceOf(OAuthConfigError);
    expect(error).toMatchObject({ code: 'OPTION_INVALID', option });
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${option}: `)).toBe(true);
  });

  test('nested and list options name the path', () => {
    expect(optionError('grafana', { ...targetOptions.grafana, roleGroups: { Admin: ['site admins'] } })).toMatchObject({
      option: 'roleGroups.Admin.0',
    });
    expect(optionError('grafana', { ...targetOptions.grafana, roleGroups: { Owner: ['admins'] } })).toMatchObject({
      option: 'roleGroups.Owner',
    });
    expect(optionError('aws-cli', { for: 'gitlab' })).toMatchObject({ option: 'targetOptions.gitlabUrl' });
    expect(
      optionError('aws-cli', { for: 'gitlab', targetOptions: { gitlabUrl: 'gitlab.acme.example' } }).message,
    ).toMatch(/^targetOptions\.gitlabUrl: expected the full address/);
    expect(optionError('terraform', {})).toMatchObject({ option: 'callbackUrls' });
    expect(optionError('cloudformation', { for: 'jenkins' })).toMatchObject({ option: 'for' });
    expect(optionError('terraform', { callbackUrls: ['https://ok.example/cb', 'not a url'] })).toMatchObject({
      option: 'callbackUrls.1',
    });
  });

  test('federation: provider name rules, and the IdP secret is never echoed', () => {
    const fed = targetOptions.federation;
    expect(optionError('federation', { ...fed, providerName: 'Beyond Identity' })).toMatchObject({
      option: 'providerName',
    });
    expect(optionError('federation', { ...fed, providerName: 'cognito' }).message).toMatch(
      /COGNITO is the user pool itself/,
    );
    expect(optionError('federation', { ...fed, providerName: undefined })).toMatchObject({ option: 'providerName' });
    expect(optionError('federation', { ...fed, issuerUrl: 'auth.passwordless.example' })).toMatchObject({
      option: 'issuerUrl',
    });
    expect(optionError('federation', { ...fed, idpClientSecret: undefined })).toMatchObject({
      option: 'idpClientSecret',
    });
    const withBadOther = optionError('federation', { ...fed, attributeMapping: { 'e mail': 'email' } });
    expect(withBadOther.message).not.toContain(IDP_SECRET);
    const mismatch = caught(() =>
      generateConfig('federation', defineCognito({ ...confidential, identityProvider: 'Okta' }), fed),
    ) as OAuthConfigError;
    expect(mismatch).toMatchObject({ option: 'providerName' });
    expect(mismatch.message).toMatch(/"Okta"/);
  });

  test('an unknown target lists the known ones', () => {
    const error = caught(() => generateConfig('jenkins', confidential, {})) as OAuthConfigError;
    expect(error).toMatchObject({ code: 'TARGET_UNKNOWN', option: 'target' });
    expect(error.message).toContain(
      'gitlab, appsmith, federation, grant, grafana, outline, argocd, superset, nextcloud, apache, nginx, caddy, aws-cli, cloudformation, terraform',
    );
  });
});

test('listTargets describes every target with a JSON Schema of its options', () => {
  const targets = listTargets();
  expect(targets.map((t) => t.name)).toEqual([
    'gitlab',
    'appsmith',
    'federation',
    'grant',
    'grafana',
    'outline',
    'argocd',
    'superset',
    'nextcloud',
    'apache',
    'nginx',
    'caddy',
    'aws-cli',
    'cloudformation',
    'terraform',
  ]);
  const gitlab = targets[0];
  expect(gitlab).toMatchObject({ title: expect.stringContaining('GitLab'), docs: 'docs/gitlab.md' });
  expect(gitlab?.options).toMatchObject({
    type: 'object',
    required: ['gitlabUrl'],
    properties: { secrets: { enum: ['inline', 'env', 'placeholder'], default: 'inline' } },
  });
  for (const t of targets) expect(t.description.length, t.name).toBeGreaterThan(20);
});
