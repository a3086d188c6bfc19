// Appsmith's OpenID Connect sign-in: the admin-settings values and the APPSMITH_OAUTH2_OIDC_* environment variables.
import { USERINFO_FIELDS } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec, registerNote, requireScope } from '../app-client.js';
import { toJson } from '../formats/json.js';
import { writeEnvFile } from '../formats/shell.js';
import { baseUrl, commonOptions } from '../options.js';
import { clientSecret } from '../secrets.js';
import { banner, defineTarget } from './define.js';

const options = z.strictObject({
  appsmithUrl: baseUrl('Appsmith', 'https://appsmith.example.com'),
  ...commonOptions,
});

/** Cognito signs ID tokens with RS256 only. */
const SIGNING_ALGORITHM = 'RS256';

export const appsmith = defineTarget({
  name: 'appsmith',
  title: 'Appsmith (OpenID Connect)',
  summary: 'Appsmith admin-settings values and APPSMITH_OAUTH2_OIDC_* environment variables.',
  docs: 'docs/appsmith.md',
  options,
  build(settings, o) {
    requireScope(settings, 'email', 'Appsmith');
    const { endpoints } = settings;
    const callbackUrl = `${o.appsmithUrl}/login/oauth2/code/oidc`;
    const secret = clientSecret(settings, o, 'Appsmith', true);
    // Appsmith's scope field is comma separated (a tag input), unlike the space-separated OAuth parameter.
    const scope = settings.scopes.join(',');
    const env: Array<[string, string | typeof secret]> = [
      ['APPSMITH_OAUTH2_OIDC_CLIENT_ID', settings.clientId],
      ['APPSMITH_OAUTH2_OIDC_CLIENT_SECRET', secret],
      ['APPSMITH_OAUTH2_OIDC_AUTHORIZATION_URI', endpoints.authorize],
      ['APPSMITH_OAUTH2_OIDC_TOKEN_URI', endpoints.token],
      ['APPSMITH_OAUTH2_OIDC_USER_INFO', endpoints.userInfo],
      ['APPSMITH_OAUTH2_OIDC_JWK_SET_URI', endpoints.jwks],
      ['APPSMITH_OAUTH2_OIDC_SCOPE', scope],
      ['APPSMITH_OAUTH2_OIDC_USERNAME_ATTRIBUTE', USERINFO_FIELDS.email],
      ['APPSMITH_OAUTH2_OIDC_SIGNING_ALGO', SIGNING_ALGORITHM],
    ];
    const adminSettings = {
      'Redirect URL': callbackUrl,
      'Client ID': settings.clientId,
      'Client secret': secret,
      'Authorization URL': endpoints.authorize,
      'Token URL': endpoints.token,
      'User info URL': endpoints.userInfo,
      'JWK set URL': endpoints.jwks,
      Scope: [...settings.scopes],
      'Username attribute': USERINFO_FIELDS.email,
      'Token signing algorithm': SIGNING_ALGORITHM,
    };
    return {
      files: [
        {
          path: 'docker.env',
          format: 'env',
          contents: writeEnvFile(env, banner('Appsmith (stacks/configuration/docker.env)')),
          description: 'Add to stacks/configuration/docker.env, then restart Appsmith.',
        },
        {
          path: 'admin-settings.json',
          format: 'json',
          contents: toJson(adminSettings),
          description: 'The same values for Admin settings > Authentication > OIDC.',
        },
      ],
      callbackUrls: [callbackUrl],
      logoutUrls: [],
      notes: [
        registerNote(settings, [callbackUrl]),
        'Either add docker.env to stacks/configuration/docker.env and restart, or type the values of admin-settings.json into Admin settings > Authentication > OIDC.',
        'OIDC sign-in is part of Appsmith Business edition.',
        ...(o.secrets === 'env'
          ? [
              `docker.env reads the secret from \${${o.secretEnvVar}}: export it where the file is sourced, or replace the reference.`,
            ]
          : []),
        `Verify: open ${o.appsmithUrl}/user/login, choose the OIDC button, sign in; the user is named by their email.`,
      ],
      json: Object.fromEntries(env),
      appClient: appClientSpec(settings, { clientName: 'appsmith', callbackUrls: [callbackUrl], generateSecret: true }),
    };
  },
});
