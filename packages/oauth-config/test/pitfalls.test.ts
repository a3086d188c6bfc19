// Known problems platforms' users hit with Cognito, each checked on the generated output.
import { defineCognito } from '@cognito-connect/core';
import { type GeneratedConfig, generateConfig } from '@cognito-connect/oauth-config';
import { parse as parseIni } from 'ini';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { confidential, targetOptions } from './support/fixtures.js';

const file = (config: GeneratedConfig, path: string) => config.files.find((f) => f.path === path)?.contents as string;

describe('Argo CD (argo-cd#1471)', () => {
  test('requests no "groups" scope, and reads groups from cognito:groups', () => {
    const config = generateConfig('argocd', confidential, targetOptions.argocd);
    const cm = parseYaml(file(config, 'argocd-cm.yaml'), { version: '1.1' });
    const oidc = parseYaml(cm.data['oidc.config']);
    // Written out explicitly: Argo CD's default list would add "groups".
    expect(oidc.requestedScopes).toEqual(['openid', 'email', 'profile']);
    const rbac = parseYaml(file(config, 'argocd-rbac-cm.yaml'), { version: '1.1' });
    expect(JSON.parse(rbac.data.scopes)).toEqual(['cognito:groups', 'email']);
  });

  test('settings that ask for a "groups" scope are refused, naming scopes and the claim to use', () => {
    const settings = defineCognito({ ...confidential, scopes: 'openid email profile groups' });
    expect(() => generateConfig('argocd', settings, targetOptions.argocd)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID_SCOPES',
        field: 'scopes',
        message: expect.stringMatching(/cognito:groups/),
      }),
    );
  });
});

describe('Grafana after CVE-2023-3128', () => {
  test('login and email come from attribute paths, and insecure email lookup stays off', () => {
    const config = generateConfig('grafana', confidential, targetOptions.grafana);
    const ini = parseIni(file(config, 'grafana.ini'));
    expect(ini.auth.generic_oauth).toMatchObject({
      email_attribute_path: 'email',
      login_attribute_path: 'username',
    });
    for (const f of config.files) expect(f.contents).not.toMatch(/oauth_allow_insecure_email_lookup/i);
  });
});

describe('Appsmith (appsmith#19692, appsmith#35244)', () => {
  test('asks for the email scope and names users by the email attribute', () => {
    const config = generateConfig('appsmith', confidential, targetOptions.appsmith);
    expect(config.json).toMatchObject({
      APPSMITH_OAUTH2_OIDC_SCOPE: expect.stringMatching(/(^|,)email(,|$)/),
      APPSMITH_OAUTH2_OIDC_USERNAME_ATTRIBUTE: 'email',
    });
    expect(config.appClient.scopes).toContain('email');
  });

  test('settings without the email scope are refused', () => {
    const settings = defineCognito({ ...confidential, scopes: 'openid profile' });
    expect(() => generateConfig('appsmith', settings, targetOptions.appsmith)).toThrow(/needs the "email" scope/);
  });
});

describe('userInfo says email_verified "true" (a string)', () => {
  test('GitLab (default strategy) takes the user from the verified ID token, not from userInfo alone', () => {
    const provider = JSON.parse(
      file(generateConfig('gitlab', confidential, targetOptions.gitlab), 'cognito-provider.json'),
    );
    expect(provider.args).toMatchObject({
      strategy_class: 'OmniAuth::Strategies::OpenIDConnect',
      discovery: true,
      uid_field: 'sub',
    });
    expect(provider.args.user_response_structure).toBeUndefined();
  });
});

describe('Cognito sends no new refresh token on refresh', () => {
  test('Apache refreshes ahead of expiry and says the module keeps the refresh token it has', () => {
    const conf = file(generateConfig('apache', confidential, targetOptions.apache), 'cognito-openidc.conf');
    expect(conf).toMatch(/^OIDCRefreshAccessTokenBeforeExpiry 60 logout_on_error$/m);
    expect(conf).toMatch(/without a new refresh token; the module keeps the one it has/);
  });
});
