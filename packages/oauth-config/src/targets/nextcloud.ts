// Nextcloud's user_oidc app: the occ command that creates (or updates) the Cognito provider.
import { COGNITO_CLAIMS, USERINFO_FIELDS } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec, cognitoLogoutUrl, registerNote, requireScope } from '../app-client.js';
import { flagEquals, shellCommand } from '../formats/shell.js';
import { baseUrl, commonOptions } from '../options.js';
import { clientSecret } from '../secrets.js';
import { banner, defineTarget } from './define.js';

const options = z.strictObject({
  nextcloudUrl: baseUrl('Nextcloud', 'https://cloud.example.com'),
  ...commonOptions,
  prettyUrls: z
    .boolean()
    .default(true)
    .describe(
      'Nextcloud serves URLs without /index.php (htaccess.RewriteBase set); false adds /index.php to the callback.',
    ),
  groupProvisioning: z
    .boolean()
    .default(true)
    .describe('Create Nextcloud groups from cognito:groups and keep memberships in sync.'),
  occ: z
    .string()
    .regex(/^[\w./ -]+$/, 'expected the occ invocation, e.g. "sudo -u www-data php occ".')
    .default('sudo -u www-data php occ')
    .describe('How occ is run on your server.'),
  signOut: z.boolean().default(true).describe('Sign out of Cognito too when signing out of Nextcloud.'),
});

export const nextcloud = defineTarget({
  name: 'nextcloud',
  title: 'Nextcloud (user_oidc)',
  summary: 'The occ user_oidc:provider command for Nextcloud sign-in with Cognito.',
  docs: 'docs/nextcloud.md',
  options,
  build(settings, o) {
    requireScope(settings, 'email', 'Nextcloud');
    const { endpoints } = settings;
    const callbackUrl = `${o.nextcloudUrl}${o.prettyUrls ? '' : '/index.php'}/apps/user_oidc/code`;
    const secret = clientSecret(settings, o, 'Nextcloud user_oidc', true) as NonNullable<
      ReturnType<typeof clientSecret>
    >;
    const values: Array<[flag: string, value: string | typeof secret]> = [
      ['--clientid', settings.clientId],
      ['--clientsecret', secret],
      ['--discoveryuri', endpoints.discovery],
      ['--scope', settings.scopes.join(' ')],
      ['--mapping-uid', USERINFO_FIELDS.subject],
      ['--mapping-email', USERINFO_FIELDS.email],
      ['--mapping-display-name', COGNITO_CLAIMS.username],
      ...(o.groupProvisioning
        ? ([
            ['--mapping-groups', COGNITO_CLAIMS.groups],
            ['--group-provisioning', '1'],
          ] as Array<[string, string]>)
        : []),
      ...(o.signOut
        ? ([['--endsessionendpointuri', cognitoLogoutUrl(settings, o.nextcloudUrl)]] as Array<[string, string]>)
        : []),
    ];
    const command = shellCommand([
      [...o.occ.split(' ').filter(Boolean), 'user_oidc:provider', o.label],
      ...values.map(([flag, value]) => [flagEquals(flag, value)]),
    ]);
    return {
      files: [
        {
          path: 'nextcloud-user-oidc.sh',
          format: 'shell',
          contents: `# ${banner('Nextcloud (user_oidc)')}\n${command}\n`,
          description: 'Run in the Nextcloud directory (user_oidc installed and enabled).',
        },
      ],
      callbackUrls: [callbackUrl],
      logoutUrls: o.signOut ? [o.nextcloudUrl] : [],
      notes: [
        registerNote(settings, [callbackUrl], o.signOut ? [o.nextcloudUrl] : []),
        'Install the app first: occ app:install user_oidc. Then run nextcloud-user-oidc.sh in the Nextcloud directory; running it again updates the provider.',
        ...(o.secrets === 'env'
          ? [`The command reads the secret from $${o.secretEnvVar} when it runs (export it in that shell).`]
          : []),
        `Verify: ${o.occ} user_oidc:provider shows "${o.label}"; open ${o.nextcloudUrl}/login and choose "Log in with ${o.label}".`,
      ],
      json: Object.fromEntries(values.map(([flag, value]) => [flag.slice(2), value])),
      appClient: appClientSpec(settings, {
        clientName: 'nextcloud',
        callbackUrls: [callbackUrl],
        logoutUrls: o.signOut ? [o.nextcloudUrl] : [],
        generateSecret: true,
      }),
    };
  },
});
