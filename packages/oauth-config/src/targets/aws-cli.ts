// The app client as an `aws cognito-idp create-user-pool-client` (or update-user-pool-client) command.
import { z } from 'zod';
import { shellCommand, type ShellArg } from '../formats/shell.js';
import { appClientNotes, appClientOptions, resolveAppClient } from './app-client-options.js';
import { banner, defineTarget } from './define.js';

const options = z.strictObject({
  ...appClientOptions,
  action: z
    .enum(['create', 'update'], { error: 'expected "create" or "update".' })
    .default('create')
    .describe('create a new app client, or update the one in the settings (clientId).'),
});

export const awsCli = defineTarget({
  name: 'aws-cli',
  title: 'AWS CLI (create-user-pool-client)',
  summary: 'The aws cognito-idp command that creates (or updates) the app client a target needs.',
  docs: 'docs/cognito-app-client.md',
  options,
  build(settings, o) {
    const { spec, request } = resolveAppClient(settings, o);
    const update = o.action === 'update';
    const lines: ShellArg[][] = [
      ['aws', 'cognito-idp', update ? 'update-user-pool-client' : 'create-user-pool-client'],
      ['--region', settings.region],
      ['--user-pool-id', request.UserPoolId],
      update ? ['--client-id', settings.clientId] : [],
      ['--client-name', request.ClientName],
      // The secret is chosen at creation only; update keeps whatever the client has.
      update ? [] : [request.GenerateSecret ? '--generate-secret' : '--no-generate-secret'],
      ['--allowed-o-auth-flows-user-pool-client'],
      ['--allowed-o-auth-flows', ...request.AllowedOAuthFlows],
      ['--allowed-o-auth-scopes', ...request.AllowedOAuthScopes],
      ['--callback-urls', ...request.CallbackURLs],
      request.LogoutURLs ? ['--logout-urls', ...request.LogoutURLs] : [],
      ['--supported-identity-providers', ...request.SupportedIdentityProviders],
      ['--explicit-auth-flows', ...request.ExplicitAuthFlows],
      ['--prevent-user-existence-errors', request.PreventUserExistenceErrors],
      ['--enable-token-revocation'],
    ];
    return {
      files: [
        {
          path: `${update ? 'update' : 'create'}-user-pool-client.sh`,
          format: 'shell',
          contents: `# ${banner('the Cognito app client (AWS CLI)')}\n${shellCommand(lines)}\n`,
          description: 'Run with AWS credentials allowed to manage the user pool.',
        },
      ],
      callbackUrls: spec.callbackUrls,
      logoutUrls: spec.logoutUrls,
      notes: [
        ...(update
          ? [
              'update-user-pool-client resets every setting it is not given to its default: this command gives them all, so review it against the client first.',
            ]
          : ['The command prints the new ClientId (and ClientSecret).']),
        ...appClientNotes(spec),
      ],
      json: request,
      appClient: spec,
    };
  },
});
