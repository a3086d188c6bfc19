// Superset (Flask-AppBuilder) OAUTH_PROVIDERS for Cognito, with a security manager that reads the user and cognito:groups.
import { COGNITO_CLAIMS, IDP_AUTHORIZE_PARAMS, USERINFO_FIELDS } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec, registerNote, requireScope } from '../app-client.js';
import { pythonLiteral, pythonString } from '../formats/python.js';
import { baseUrl, commonOptions, groupName, identifier } from '../options.js';
import { clientSecret } from '../secrets.js';
import { banner, defineTarget } from './define.js';

const FAB_ROLE = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_ -]{0,63}$/, 'expected a Superset role name such as Admin, Alpha or Gamma.');

const options = z.strictObject({
  supersetUrl: baseUrl('Superset', 'https://superset.example.com'),
  providerName: identifier(
    'cognito',
    'The OAuth provider name; it is part of the callback URL (/oauth-authorized/<name>).',
  ),
  ...commonOptions,
  roleGroups: z
    .record(groupName, z.array(FAB_ROLE).min(1))
    .default({ admins: ['Admin'] })
    .describe(
      'Cognito group → Superset roles (AUTH_ROLES_MAPPING), e.g. {"admins": ["Admin"], "analysts": ["Alpha"]}.',
    ),
  registrationRole: FAB_ROLE.default('Gamma').describe(
    'The role of new users in no mapped group (AUTH_USER_REGISTRATION_ROLE).',
  ),
  allowSignUp: z.boolean().default(true).describe('Create Superset users on first sign-in (AUTH_USER_REGISTRATION).'),
});

export const superset = defineTarget({
  name: 'superset',
  title: 'Apache Superset (Flask-AppBuilder OAuth)',
  summary: 'superset_config.py OAUTH_PROVIDERS and a security manager mapping cognito:groups to roles.',
  docs: 'docs/superset.md',
  options,
  build(settings, o) {
    requireScope(settings, 'email', 'Superset');
    const { endpoints } = settings;
    const callbackUrl = `${o.supersetUrl}/oauth-authorized/${o.providerName}`;
    const secret = clientSecret(settings, o, 'Superset', true);
    const provider = {
      name: o.providerName,
      icon: 'fa-amazon',
      token_key: 'access_token',
      remote_app: {
        client_id: settings.clientId,
        client_secret: secret,
        // Both URLs spelled out (a popular example swaps them); the metadata URL gives Authlib the JWKS to verify the ID token.
        authorize_url: endpoints.authorize,
        access_token_url: endpoints.token,
        server_metadata_url: endpoints.discovery,
        client_kwargs: {
          scope: settings.scopes.join(' '),
          // Authlib sends PKCE (S256) and keeps the verifier in the Flask session; the secret goes as the client says.
          code_challenge_method: 'S256',
          token_endpoint_auth_method:
            settings.clientAuthMethod === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic',
        },
        ...(settings.identityProvider
          ? { authorize_params: { [IDP_AUTHORIZE_PARAMS.byName]: settings.identityProvider } }
          : {}),
      },
    };
    const assignments: Array<[string, unknown]> = [
      ['AUTH_USER_REGISTRATION', o.allowSignUp],
      ['AUTH_USER_REGISTRATION_ROLE', o.registrationRole],
      ['AUTH_ROLES_MAPPING', o.roleGroups],
      ['AUTH_ROLES_SYNC_AT_LOGIN', true],
      ['OAUTH_PROVIDERS', [provider]],
    ];
    const py = [
      `# ${banner('Superset (superset_config.py)')}`,
      ...(secret?.mode === 'env' ? ['import os', ''] : []),
      'from flask_appbuilder.security.manager import AUTH_OAUTH',
      'from superset.security import SupersetSecurityManager',
      '',
      'AUTH_TYPE = AUTH_OAUTH',
      ...assignments.map(([name, value]) => `${name} = ${pythonLiteral(value)}`),
      '',
      '',
      'class CognitoSecurityManager(SupersetSecurityManager):',
      `    """The user from Cognito's userInfo; roles from the ${COGNITO_CLAIMS.groups} claim of the ID token Authlib verified."""`,
      '',
      '    def get_oauth_user_info(self, provider, resp):',
      `        if provider != ${pythonString(o.providerName)}:`,
      '            return super().get_oauth_user_info(provider, resp)',
      `        me = self.appbuilder.sm.oauth_remotes[provider].get(${pythonString(endpoints.userInfo)}).json()`,
      '        claims = resp.get("userinfo") or {}',
      '        return {',
      `            "username": me[${pythonString(USERINFO_FIELDS.username)}],`,
      `            "email": me.get(${pythonString(USERINFO_FIELDS.email)}),`,
      `            "role_keys": claims.get(${pythonString(COGNITO_CLAIMS.groups)}, []),`,
      '        }',
      '',
      '',
      'CUSTOM_SECURITY_MANAGER = CognitoSecurityManager',
      '',
    ].join('\n');
    return {
      files: [
        {
          path: 'superset_config.py',
          format: 'python',
          contents: py,
          description: 'Add to superset_config.py (Authlib must be installed), then restart Superset.',
        },
      ],
      callbackUrls: [callbackUrl],
      logoutUrls: [],
      notes: [
        registerNote(settings, [callbackUrl]),
        'Superset needs Authlib (pip install Authlib); put the snippet in superset_config.py and restart.',
        ...(o.secrets === 'env'
          ? [
              `superset_config.py reads the secret with os.environ["${o.secretEnvVar}"]: set it for the Superset process.`,
            ]
          : []),
        `Verify: open ${o.supersetUrl}/login/, choose ${o.providerName}, sign in; a member of ${Object.keys(o.roleGroups)[0] ?? 'a mapped group'} gets ${Object.values(o.roleGroups)[0]?.join(', ') ?? o.registrationRole}.`,
      ],
      json: Object.fromEntries([['AUTH_TYPE', 'AUTH_OAUTH'], ...assignments]),
      appClient: appClientSpec(settings, { clientName: 'superset', callbackUrls: [callbackUrl], generateSecret: true }),
    };
  },
});
