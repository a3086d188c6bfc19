// GitLab's OmniAuth provider (OpenID Connect, or OAuth2Generic) in the three forms GitLab reads: gitlab.rb, gitlab.yml, Helm secret.
import { type CognitoSettings, IDP_AUTHORIZE_PARAMS, USERINFO_FIELDS } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec, cognitoLogoutUrl, registerNote, requireScope } from '../app-client.js';
import { toJson } from '../formats/json.js';
import { rubyLiteral, rubyString } from '../formats/ruby.js';
import { toYaml } from '../formats/yaml.js';
import { baseUrl, commonOptions, identifier } from '../options.js';
import { type SecretValue, clientSecret } from '../secrets.js';
import { banner, defineTarget } from './define.js';

const STRATEGIES = ['openid_connect', 'oauth2_generic'] as const;

const options = z.strictObject({
  gitlabUrl: baseUrl('GitLab', 'https://gitlab.example.com'),
  strategy: z
    .enum(STRATEGIES, { error: 'expected "openid_connect" (recommended) or "oauth2_generic".' })
    .default('openid_connect')
    .describe(
      "openid_connect (recommended): OmniAuth OpenID Connect verifies the ID token, sends PKCE and knows Cognito's logout. oauth2_generic: GitLab's own Cognito page; trusts userInfo and verifies no ID token.",
    ),
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
  signOut: z
    .boolean()
    .default(true)
    .describe(
      "Signing out of GitLab also ends the Cognito session: set GitLab's After sign-out path to Cognito's /logout (with client_id and logout_uri); registers gitlabUrl + /users/sign_in as a sign-out URL.",
    ),
  helmSecretName: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'expected a Kubernetes secret name.')
    .default('gitlab-cognito-oauth2')
    .describe('The Kubernetes secret holding the provider for the Helm chart.'),
});

export const gitlab = defineTarget({
  name: 'gitlab',
  title: 'GitLab (OmniAuth OpenID Connect or OAuth2Generic)',
  summary: 'gitlab.rb, gitlab.yml and Helm-chart provider for GitLab sign-in with Cognito (OpenID Connect by default).',
  docs: 'docs/gitlab.md',
  options,
  build(settings, o) {
    requireScope(settings, 'email', 'GitLab');
    const callbackUrl = `${o.gitlabUrl}/users/auth/${o.providerName}/callback`;
    const secret = clientSecret(settings, o, 'GitLab', true);
    const signOutReturn = `${o.gitlabUrl}/users/sign_in`;
    const signOut = o.signOut;
    const provider =
      o.strategy === 'openid_connect'
        ? openIdConnectProvider(settings, o, secret, callbackUrl)
        : oauth2GenericProvider(settings, o, secret, callbackUrl);
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
      logoutUrls: signOut ? [signOutReturn] : [],
      notes: [
        registerNote(settings, [callbackUrl], signOut ? [signOutReturn] : []),
        o.strategy === 'openid_connect'
          ? 'OpenID Connect: GitLab verifies the ID token (issuer, audience, nonce, signature from the discovered JWKS) and sends PKCE; uid is the sub claim.'
          : "OAuth2Generic follows GitLab's Cognito page but verifies no ID token and trusts userInfo; prefer strategy openid_connect.",
        ...(signOut
          ? [
              `To end the Cognito session when users sign out of GitLab, set Admin > Settings > General > Sign-in restrictions > After sign-out path to ${cognitoLogoutUrl(settings, signOutReturn)}.`,
            ]
          : []),
        'Linux package: append gitlab.rb to /etc/gitlab/gitlab.rb and run sudo gitlab-ctl reconfigure.',
        `Helm chart: kubectl create secret generic ${o.helmSecretName} --from-file=provider=helm/cognito-provider.yaml, then merge helm/values.yaml.`,
        ...envNote,
        `Verify: open ${o.gitlabUrl}/users/sign_in, choose "${o.label}", sign in; ${o.blockAutoCreatedUsers ? 'approve the new user under Admin > Users (blocked until approved).' : 'you land signed in.'}`,
      ],
      json: rails,
      appClient: appClientSpec(settings, {
        clientName: 'gitlab',
        callbackUrls: [callbackUrl],
        logoutUrls: signOut ? [signOutReturn] : [],
        generateSecret: true,
      }),
    };
  },
});

type Options = z.output<typeof options>;

/**
 * omniauth_openid_connect (GitLab's `openid_connect` strategy): discovery, PKCE, the ID token verified, uid = sub.
 * No end_session_endpoint: with discovery on, the gem replaces it with the discovered one and rewrites its query, so
 * Cognito's client_id and logout_uri never arrive; GitLab's After sign-out path carries Cognito's logout instead.
 */
function openIdConnectProvider(
  settings: CognitoSettings,
  o: Options,
  secret: SecretValue | undefined,
  callbackUrl: string,
) {
  return {
    name: o.providerName,
    label: o.label,
    args: {
      name: o.providerName,
      strategy_class: 'OmniAuth::Strategies::OpenIDConnect',
      scope: [...settings.scopes],
      response_type: 'code',
      issuer: settings.issuer,
      discovery: true,
      // rack-oauth2 sends the secret in an Authorization header for "basic", in the form body for anything else.
      client_auth_method: settings.clientAuthMethod === 'client_secret_post' ? 'query' : 'basic',
      uid_field: USERINFO_FIELDS.subject,
      pkce: true,
      // Cognito's token endpoint takes no scope on the code grant.
      send_scope_to_token_endpoint: false,
      ...(settings.identityProvider
        ? { extra_authorize_params: { [IDP_AUTHORIZE_PARAMS.byName]: settings.identityProvider } }
        : {}),
      client_options: {
        identifier: settings.clientId,
        secret,
        redirect_uri: callbackUrl,
      },
    },
  };
}

/** GitLab's own Cognito page: OAuth2Generic, which reads userInfo and verifies no ID token. */
function oauth2GenericProvider(
  settings: CognitoSettings,
  o: Options,
  secret: SecretValue | undefined,
  callbackUrl: string,
) {
  const { endpoints } = settings;
  return {
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
}
