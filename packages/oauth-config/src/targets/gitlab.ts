// GitLab's OmniAuth OAuth2Generic provider in the three forms GitLab reads: gitlab.rb, gitlab.yml and the Helm chart's secret.
import { IDP_AUTHORIZE_PARAMS, USERINFO_FIELDS } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec, registerNote, requireScope } from '../app-client.js';
import { toJson } from '../formats/json.js';
import { rubyLiteral, rubyString } from '../formats/ruby.js';
import { toYaml } from '../formats/yaml.js';
import { baseUrl, commonOptions, identifier } from '../options.js';
import { clientSecret } from '../secrets.js';
import { banner, defineTarget } from './define.js';

const options = z.strictObject({
  gitlabUrl: baseUrl('GitLab', 'https://gitlab.example.com'),
  providerName: identifier(
    'cognito',
    'The OmniAuth provider name; it is part of the callback URL (/users/auth/<name>/callback).',
  ),
  ...commonOptions,
  allowSingleSignOn: z
    .boolean()
    .default(true)
    .describe('Create a GitLab account on first sign-in (omniauth_allow_single_sign_on).'),
  blockAutoCreatedUsers: z
    .boolean()
    .default(true)
    .describe('New accounts wait for an admin to approve them (omniauth_block_auto_created_users).'),
  helmSecretName: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'expected a Kubernetes secret name.')
    .default('gitlab-cognito-oauth2')
    .describe('The Kubernetes secret holding the provider for the Helm chart.'),
});

export const gitlab = defineTarget({
  name: 'gitlab',
  title: 'GitLab (OmniAuth OAuth2Generic)',
  summary: 'gitlab.rb, gitlab.yml and Helm-chart provider for GitLab sign-in with Cognito.',
  docs: 'docs/gitlab.md',
  options,
  build(settings, o) {
    requireScope(settings, 'email', 'GitLab');
    const { endpoints } = settings;
    const callbackUrl = `${o.gitlabUrl}/users/auth/${o.providerName}/callback`;
    const secret = clientSecret(settings, o, 'GitLab', true);
    const provider = {
      name: o.providerName,
      label: o.label,
      app_id: settings.clientId,
      app_secret: secret,
      args: {
        name: o.providerName,
        strategy_class: 'OmniAuth::Strategies::OAuth2Generic',
        // Pinned so the token request repeats exactly the registered callback, whatever host header GitLab sees.
        redirect_url: callbackUrl,
        scope: settings.scopes.join(' '),
        client_options: {
          site: endpoints.domain,
          authorize_url: endpoints.authorize,
          token_url: endpoints.token,
          user_info_url: endpoints.userInfo,
        },
        ...(settings.identityProvider
          ? { authorize_params: { [IDP_AUTHORIZE_PARAMS.byName]: settings.identityProvider } }
          : {}),
        user_response_structure: {
          root_path: [],
          id_path: [USERINFO_FIELDS.subject],
          attributes: { email: USERINFO_FIELDS.email, name: USERINFO_FIELDS.email, nickname: USERINFO_FIELDS.email },
        },
      },
    };
    const rails = {
      omniauth_enabled: true,
      omniauth_allow_single_sign_on: o.allowSingleSignOn ? [o.providerName] : false,
      omniauth_block_auto_created_users: o.blockAutoCreatedUsers,
      omniauth_providers: [provider],
    };
    const gitlabRb = [
      `# ${banner('GitLab (gitlab.rb, Linux package)')}`,
      ...Object.entries(rails).map(([key, value]) => `gitlab_rails[${rubyString(key)}] = ${rubyLiteral(value)}`),
      '',
    ].join('\n');
    const gitlabYml = {
      production: {
        omniauth: {
          enabled: true,
          allow_single_sign_on: rails.omniauth_allow_single_sign_on,
          block_auto_created_users: o.blockAutoCreatedUsers,
          providers: [provider],
        },
      },
    };
    const helmValues = {
      global: {
        appConfig: {
          omniauth: {
            enabled: true,
            allowSingleSignOn: rails.omniauth_allow_single_sign_on,
            blockAutoCreatedUsers: o.blockAutoCreatedUsers,
            providers: [{ secret: o.helmSecretName, key: 'provider' }],
          },
        },
      },
    };
    const envNote =
      o.secrets === 'env'
        ? [
            `gitlab.rb reads the secret with ENV.fetch("${o.secretEnvVar}"): set it for gitlab-ctl reconfigure. The YAML and JSON forms hold \${${o.secretEnvVar}}: fill them with envsubst.`,
          ]
        : o.secrets === 'placeholder'
          ? [`Replace REPLACE_WITH_${o.secretEnvVar} with the app client secret before applying.`]
          : [];
    return {
      files: [
        {
          path: 'gitlab.rb',
          format: 'ruby',
          contents: gitlabRb,
          description: 'Append to /etc/gitlab/gitlab.rb, then run sudo gitlab-ctl reconfigure.',
        },
        {
          path: 'gitlab.yml',
          format: 'yaml',
          contents: toYaml(gitlabYml, banner('GitLab (config/gitlab.yml, source installs)')),
          description: 'Merge into config/gitlab.yml (source installs), then restart GitLab.',
        },
        {
          path: 'helm/cognito-provider.yaml',
          format: 'yaml',
          contents: toYaml(provider, banner('the GitLab Helm chart (provider secret)')),
          description: `Store as key "provider" of the secret ${o.helmSecretName}.`,
        },
        {
          path: 'helm/values.yaml',
          format: 'yaml',
          contents: toYaml(helmValues, banner('the GitLab Helm chart (values)')),
          description: 'Merge into the chart values.',
        },
        {
          path: 'cognito-provider.json',
          format: 'json',
          contents: toJson(provider),
          description: 'The provider hash as JSON (for tooling and review).',
        },
      ],
      callbackUrls: [callbackUrl],
      logoutUrls: [],
      notes: [
        registerNote(settings, [callbackUrl]),
        'Linux package: append gitlab.rb to /etc/gitlab/gitlab.rb and run sudo gitlab-ctl reconfigure.',
        `Helm chart: kubectl create secret generic ${o.helmSecretName} --from-file=provider=helm/cognito-provider.yaml, then merge helm/values.yaml.`,
        ...envNote,
        `Verify: open ${o.gitlabUrl}/users/sign_in, choose "${o.label}", sign in; ${o.blockAutoCreatedUsers ? 'approve the new user under Admin > Users (blocked until approved).' : 'you land signed in.'}`,
      ],
      json: rails,
      appClient: appClientSpec(settings, { clientName: 'gitlab', callbackUrls: [callbackUrl], generateSecret: true }),
    };
  },
});
