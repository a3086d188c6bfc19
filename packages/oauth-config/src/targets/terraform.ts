// The app client as a Terraform aws_cognito_user_pool_client resource.
import { z } from 'zod';
import { hclBlock } from '../formats/hcl.js';
import { appClientNotes, appClientOptions, resolveAppClient } from './app-client-options.js';
import { banner, defineTarget } from './define.js';

const options = z.strictObject(appClientOptions);

/** A Terraform resource name from a client name: "My App" → "my_app". */
export function resourceName(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(id) ? id : `app_${id}`;
}

export const terraform = defineTarget({
  name: 'terraform',
  title: 'Terraform (aws_cognito_user_pool_client)',
  summary: 'A Terraform aws_cognito_user_pool_client resource with the app client a target needs.',
  docs: 'docs/cognito-app-client.md',
  options,
  build(settings, o) {
    const { spec, request: r } = resolveAppClient(settings, o);
    const name = resourceName(spec.clientName);
    const address = `aws_cognito_user_pool_client.${name}`;
    const hcl = [
      `# ${banner('the Cognito app client (Terraform)')}`,
      hclBlock('resource', ['aws_cognito_user_pool_client', name], {
        name: r.ClientName,
        user_pool_id: r.UserPoolId,
        generate_secret: r.GenerateSecret,
        allowed_oauth_flows_user_pool_client: r.AllowedOAuthFlowsUserPoolClient,
        allowed_oauth_flows: r.AllowedOAuthFlows,
        allowed_oauth_scopes: r.AllowedOAuthScopes,
        callback_urls: r.CallbackURLs,
        logout_urls: r.LogoutURLs,
        supported_identity_providers: r.SupportedIdentityProviders,
        explicit_auth_flows: r.ExplicitAuthFlows,
        prevent_user_existence_errors: r.PreventUserExistenceErrors,
        enable_token_revocation: r.EnableTokenRevocation,
      }),
      hclBlock('output', [`${name}_client_id`], { value: { expression: `${address}.id` } }),
      ...(spec.generateSecret
        ? [
            hclBlock('output', [`${name}_client_secret`], {
              value: { expression: `${address}.client_secret` },
              sensitive: true,
            }),
          ]
        : []),
    ].join('\n');
    return {
      files: [
        {
          path: 'user-pool-client.tf',
          format: 'hcl',
          contents: hcl,
          description: 'Add to your Terraform configuration (AWS provider), then terraform apply.',
        },
      ],
      callbackUrls: spec.callbackUrls,
      logoutUrls: spec.logoutUrls,
      notes: [
        `terraform apply, then terraform output ${name}_client_id${spec.generateSecret ? ` (and -raw ${name}_client_secret)` : ''}.`,
        ...appClientNotes(spec),
      ],
      json: r,
      appClient: spec,
    };
  },
});
