// Grafana's generic OAuth: the [auth.generic_oauth] INI section and the same settings as GF_* environment variables.
import { COGNITO_CLAIMS, USERINFO_FIELDS } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec, cognitoLogoutUrl, registerNote, requireScope } from '../app-client.js';
import { type IniSection, writeIni } from '../formats/ini.js';
import { jmespathIdentifier, jmespathRawString } from '../formats/jmespath.js';
import { writeEnvFile } from '../formats/shell.js';
import { baseUrl, commonOptions, groupName } from '../options.js';
import { clientSecret, resolveSecrets } from '../secrets.js';
import { banner, defineTarget } from './define.js';

const ROLES = ['GrafanaAdmin', 'Admin', 'Editor', 'Viewer'] as const;

const options = z.strictObject({
  grafanaUrl: baseUrl('Grafana', 'https://grafana.example.com'),
  ...commonOptions,
  roleGroups: z
    .partialRecord(
      z.enum(ROLES, { error: 'expected a Grafana role: GrafanaAdmin, Admin, Editor or Viewer.' }),
      z.array(groupName).min(1),
    )
    .default({ Admin: ['admins'] })
    .describe(
      'Cognito groups per Grafana role, e.g. {"Admin": ["admins"], "Editor": ["editors"]}; the first matching role wins, in the order GrafanaAdmin, Admin, Editor, Viewer.',
    ),
  defaultRole: z
    .enum(['Viewer', 'Editor', 'Admin', 'None'], { error: 'expected Viewer, Editor, Admin or None.' })
    .default('Viewer')
    .describe('The role of users in none of roleGroups; None refuses their sign-in (role_attribute_strict).'),
  allowedGroups: z
    .array(groupName)
    .default([])
    .describe('Only members of these Cognito groups may sign in (empty: everyone in the pool).'),
  allowSignUp: z.boolean().default(true).describe('Create Grafana users on first sign-in.'),
  signOut: z.boolean().default(true).describe('Sign out of Cognito too when signing out of Grafana.'),
});

type Options = z.output<typeof options>;

/** The JMESPath Grafana evaluates against the ID token to pick the role (`"cognito:groups"` needs quoting: it has a colon). */
export function roleAttributePath(roleGroups: Options['roleGroups'], defaultRole: Options['defaultRole']): string {
  // to_array() turns a missing claim (a user in no group) into [null] instead of an error in contains().
  const groups = `to_array(${jmespathIdentifier(COGNITO_CLAIMS.groups)})`;
  const branches = ROLES.flatMap((role) => {
    const names = roleGroups[role];
    if (!names?.length) return [];
    const tests = names.map((g) => `contains(${groups}, ${jmespathRawString(g)})`);
    const test = tests.length === 1 ? tests[0] : `(${tests.join(' || ')})`;
    return [`${test} && ${jmespathRawString(role)}`];
  });
  // An empty role with role_attribute_strict refuses the sign-in.
  return [...branches, jmespathRawString(defaultRole === 'None' ? '' : defaultRole)].join(' || ');
}

export const grafana = defineTarget({
  name: 'grafana',
  title: 'Grafana (generic OAuth)',
  summary: 'grafana.ini [auth.generic_oauth] and GF_AUTH_GENERIC_OAUTH_* variables, roles from cognito:groups.',
  docs: 'docs/grafana.md',
  options,
  build(settings, o) {
    requireScope(settings, 'email', 'Grafana');
    const { endpoints } = settings;
    const callbackUrl = `${o.grafanaUrl}/login/generic_oauth`;
    const signOutReturn = `${o.grafanaUrl}/login`;
    const secret = clientSecret(settings, o, 'Grafana', false);
    const sections: IniSection[] = [
      { name: 'server', entries: [['root_url', o.grafanaUrl]] },
      {
        name: 'auth',
        entries: [['signout_redirect_url', o.signOut ? cognitoLogoutUrl(settings, signOutReturn) : undefined]],
      },
      {
        name: 'auth.generic_oauth',
        entries: [
          ['enabled', true],
          ['name', o.label],
          ['allow_sign_up', o.allowSignUp],
          ['client_id', settings.clientId],
          ['client_secret', secret],
          ['scopes', settings.scopes.join(' ')],
          ['auth_url', endpoints.authorize],
          ['token_url', endpoints.token],
          ['api_url', endpoints.userInfo],
          ['use_pkce', true],
          ['email_attribute_path', USERINFO_FIELDS.email],
          ['login_attribute_path', USERINFO_FIELDS.username],
          ['role_attribute_path', roleAttributePath(o.roleGroups, o.defaultRole)],
          ['role_attribute_strict', o.defaultRole === 'None' ? true : undefined],
          ['allow_assign_grafana_admin', o.roleGroups.GrafanaAdmin ? true : undefined],
          // [*] keeps a missing claim null (no groups) and stops INI readers taking the leading quote as quoting.
          [
            'groups_attribute_path',
            o.allowedGroups.length ? `${jmespathIdentifier(COGNITO_CLAIMS.groups)}[*]` : undefined,
          ],
          ['allowed_groups', o.allowedGroups.length ? o.allowedGroups.join(' ') : undefined],
        ],
      },
    ].filter((s) => s.entries.some(([, v]) => v !== undefined)) as IniSection[];
    const envEntries = sections.flatMap((s) =>
      s.entries.map(
        ([key, value]) =>
          [
            `GF_${s.name}_${key}`.toUpperCase().replace(/\./g, '_'),
            typeof value === 'number' ? String(value) : value,
          ] as [string, Exclude<typeof value, number>],
      ),
    );
    const json = Object.fromEntries(
      sections.map((s) => [s.name, Object.fromEntries(s.entries.filter(([, v]) => v !== undefined))]),
    );
    return {
      files: [
        {
          path: 'grafana.ini',
          format: 'ini',
          contents: writeIni(sections, (name) => `$__env{${name}}`, banner('Grafana (grafana.ini)')),
          description: 'Merge into grafana.ini (or custom.ini), then restart Grafana.',
        },
        {
          path: 'grafana.env',
          format: 'env',
          contents: writeEnvFile(envEntries, banner('Grafana (GF_* environment, shell syntax)')),
          description: 'The same settings as environment variables (docker compose env_file, systemd, Helm env).',
        },
      ],
      callbackUrls: [callbackUrl],
      logoutUrls: o.signOut ? [signOutReturn] : [],
      notes: [
        registerNote(settings, [callbackUrl], o.signOut ? [signOutReturn] : []),
        'Use either grafana.ini or grafana.env, then restart Grafana; root_url must be the address users open, or the callback URL will not match.',
        `Roles come from the ID token's ${COGNITO_CLAIMS.groups} claim: ${JSON.stringify(resolveSecrets(o.roleGroups))}, otherwise ${o.defaultRole === 'None' ? 'sign-in is refused' : o.defaultRole}. Roles are re-evaluated at every sign-in.`,
        ...(o.secrets === 'env' && secret
          ? [`Grafana reads the secret from the environment variable ${o.secretEnvVar} ($__env{...} in grafana.ini).`]
          : []),
        `Verify: open ${o.grafanaUrl}/login, choose "Sign in with ${o.label}", sign in as a member of ${o.roleGroups.Admin?.[0] ?? 'a mapped group'} and check Profile shows the expected role.`,
      ],
      json,
      appClient: appClientSpec(settings, {
        clientName: 'grafana',
        callbackUrls: [callbackUrl],
        logoutUrls: o.signOut ? [signOutReturn] : [],
        generateSecret: secret !== undefined,
      }),
    };
  },
});
