// Outline's OpenID Connect sign-in through its OIDC_* environment variables.
import { USERINFO_FIELDS } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec, cognitoLogoutUrl, registerNote, requireScope } from '../app-client.js';
import { writeEnvFile } from '../formats/shell.js';
import { baseUrl, commonOptions } from '../options.js';
import { clientSecret } from '../secrets.js';
import { banner, defineTarget } from './define.js';

const options = z.strictObject({
  outlineUrl: baseUrl('Outline', 'https://wiki.example.com'),
  ...commonOptions,
  signOut: z.boolean().default(true).describe('Sign out of Cognito too when signing out of Outline (OIDC_LOGOUT_URI).'),
});

export const outline = defineTarget({
  name: 'outline',
  title: 'Outline (OIDC)',
  summary: 'OIDC_* environment variables for Outline sign-in with Cognito.',
  docs: 'docs/outline.md',
  options,
  build(settings, o) {
    // Outline refuses a profile without an email and derives the team domain from it.
    requireScope(settings, 'email', 'Outline');
    const { endpoints } = settings;
    const callbackUrl = `${o.outlineUrl}/auth/oidc.callback`;
    const secret = clientSecret(settings, o, 'Outline', true);
    const env: Array<[string, string | typeof secret]> = [
      ['OIDC_CLIENT_ID', settings.clientId],
      ['OIDC_CLIENT_SECRET', secret],
      ['OIDC_AUTH_URI', endpoints.authorize],
      ['OIDC_TOKEN_URI', endpoints.token],
      ['OIDC_USERINFO_URI', endpoints.userInfo],
      // Cognito's userInfo has no preferred_username (Outline's default); it has username.
      ['OIDC_USERNAME_CLAIM', USERINFO_FIELDS.username],
      ['OIDC_DISPLAY_NAME', o.label],
      ['OIDC_SCOPES', settings.scopes.join(' ')],
    ];
    if (o.signOut) env.push(['OIDC_LOGOUT_URI', cognitoLogoutUrl(settings, o.outlineUrl)]);
    return {
      files: [
        {
          path: 'outline.env',
          format: 'env',
          contents: writeEnvFile(env, banner('Outline (.env)')),
          description: "Add to Outline's .env (or the container environment), then restart Outline.",
        },
      ],
      callbackUrls: [callbackUrl],
      logoutUrls: o.signOut ? [o.outlineUrl] : [],
      notes: [
        registerNote(settings, [callbackUrl], o.signOut ? [o.outlineUrl] : []),
        `Outline's URL variable must be ${o.outlineUrl}: the callback is built from it.`,
        ...(o.secrets === 'env'
          ? [
              `outline.env reads the secret from \${${o.secretEnvVar}}: set it where the file is read, or replace the reference.`,
            ]
          : []),
        `Verify: open ${o.outlineUrl}, choose "Continue with ${o.label}", sign in; the first user creates the workspace.`,
      ],
      json: Object.fromEntries(env),
      appClient: appClientSpec(settings, {
        clientName: 'outline',
        callbackUrls: [callbackUrl],
        logoutUrls: o.signOut ? [o.outlineUrl] : [],
        generateSecret: true,
      }),
    };
  },
});
