// Apache httpd with mod_auth_openidc: OIDC* directives for a Cognito app client, including Cognito's own /logout.
import { COGNITO_CLAIMS, IDP_AUTHORIZE_PARAMS, USERINFO_FIELDS } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec, cognitoLogoutUrl, registerNote } from '../app-client.js';
import { OAuthConfigError } from '../errors.js';
import { type ApacheLine, writeApache } from '../formats/apache.js';
import { baseUrl, commonOptions } from '../options.js';
import { clientSecret } from '../secrets.js';
import { banner, defineTarget } from './define.js';

const PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

const urlPath = (fallback: string, what: string) =>
  z
    .string()
    .regex(PATH, 'expected an absolute URL path such as /oidc/callback (no query, no spaces).')
    .default(fallback)
    .describe(what);

const options = z.strictObject({
  siteUrl: baseUrl('site behind Apache', 'https://wiki.example.com'),
  ...commonOptions,
  protectedPath: urlPath('/', 'The <Location> that needs a Cognito sign-in; the callback must lie inside it.'),
  callbackPath: urlPath(
    '/oidc/callback',
    "mod_auth_openidc's OIDCRedirectURI path: a path no page uses, inside protectedPath. Sign out at <callbackPath>?logout=<return URL>.",
  ),
  remoteUserClaim: z
    .enum([USERINFO_FIELDS.email, USERINFO_FIELDS.subject, COGNITO_CLAIMS.username], {
      error: `expected ${USERINFO_FIELDS.email}, ${USERINFO_FIELDS.subject} or ${COGNITO_CLAIMS.username}.`,
    })
    .default(USERINFO_FIELDS.email)
    .describe(
      'The claim Apache sets REMOTE_USER to; with email (the default) only users whose email Cognito verified are let in.',
    ),
  refreshBeforeExpirySeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(60)
    .describe(
      'Refresh the access token this many seconds before it expires (OIDCRefreshAccessTokenBeforeExpiry; 0 turns refreshing off).',
    ),
  signOut: z
    .boolean()
    .default(true)
    .describe(
      "Signing out of the site also ends the Cognito session (Cognito's /logout with client_id and logout_uri).",
    ),
});

export const apache = defineTarget({
  name: 'apache',
  title: 'Apache httpd (mod_auth_openidc)',
  summary: 'mod_auth_openidc OIDC* directives and a protected <Location>, with Cognito logout and token refresh.',
  docs: 'docs/apache.md',
  options,
  build(settings, o) {
    const { endpoints } = settings;
    if (!o.callbackPath.startsWith(o.protectedPath.replace(/\/?$/, '/')) || o.callbackPath === o.protectedPath) {
      throw new OAuthConfigError(
        'OPTION_INVALID',
        'callbackPath',
        `must lie inside protectedPath (${o.protectedPath}), e.g. ${o.protectedPath.replace(/\/?$/, '/')}oidc/callback.`,
      );
    }
    const callbackUrl = o.siteUrl + o.callbackPath;
    const signOutReturn = `${o.siteUrl}/`;
    const secret = clientSecret(settings, o, 'Apache', false);
    // A public client proves itself with PKCE alone.
    const tokenAuth = secret ? settings.clientAuthMethod : 'none';
    const logoutLink = `${o.callbackPath}?logout=${encodeURIComponent(signOutReturn)}`;
    const directives: ApacheLine[] = [
      { comment: banner('Apache httpd (mod_auth_openidc)') },
      {
        comment:
          'Needs mod_auth_openidc (Debian/Ubuntu: apt-get install libapache2-mod-auth-openidc; a2enmod auth_openidc).',
      },
      ['OIDCProviderMetadataURL', endpoints.discovery],
      ...(o.signOut
        ? ([
            {
              comment: "Cognito's /logout takes client_id and logout_uri (not id_token_hint/post_logout_redirect_uri).",
            },
            ['OIDCProviderEndSessionEndpoint', cognitoLogoutUrl(settings, signOutReturn)],
          ] as ApacheLine[])
        : []),
      ['OIDCClientID', settings.clientId],
      ...(secret ? ([['OIDCClientSecret', secret]] as ApacheLine[]) : []),
      ['OIDCProviderTokenEndpointAuth', { raw: tokenAuth }],
      ['OIDCRedirectURI', callbackUrl],
      {
        comment:
          'Encrypts sessions and state cookies; a fresh random key at every start (sign-ins do not survive a restart).',
      },
      ['OIDCCryptoPassphrase', { raw: '"exec:/bin/sh -c \\"head -c 32 /dev/urandom | base64\\""' }],
      ['OIDCScope', settings.scopes.join(' ')],
      ['OIDCPKCEMethod', { raw: 'S256' }],
      ...(settings.identityProvider
        ? ([
            [
              'OIDCAuthRequestParams',
              new URLSearchParams({ [IDP_AUTHORIZE_PARAMS.byName]: settings.identityProvider }).toString(),
            ],
          ] as ApacheLine[])
        : []),
      ['OIDCRemoteUserClaim', o.remoteUserClaim],
      ...(o.refreshBeforeExpirySeconds > 0
        ? ([
            { comment: 'Cognito answers a refresh without a new refresh token; the module keeps the one it has.' },
            [
              'OIDCRefreshAccessTokenBeforeExpiry',
              { raw: String(o.refreshBeforeExpirySeconds) },
              { raw: 'logout_on_error' },
            ],
          ] as ApacheLine[])
        : []),
      ['OIDCCookieSameSite', { raw: 'On' }],
      '',
      {
        section: 'Location',
        arg: o.protectedPath,
        body: [
          ['AuthType', { raw: 'openid-connect' }],
          // REMOTE_USER is the email: only one Cognito verified, or a user who set theirs to another's would be that person.
          o.remoteUserClaim === USERINFO_FIELDS.email
            ? ['Require', { raw: `claim ${USERINFO_FIELDS.emailVerified}:true` }]
            : ['Require', { raw: 'valid-user' }],
        ],
      },
      '',
    ];
    return {
      files: [
        {
          path: 'cognito-openidc.conf',
          format: 'apache',
          contents: writeApache(directives),
          description: `Put into the <VirtualHost> of ${o.siteUrl} (or /etc/apache2/conf-available/ and a2enconf), then reload Apache.`,
        },
      ],
      callbackUrls: [callbackUrl],
      logoutUrls: o.signOut ? [signOutReturn] : [],
      notes: [
        registerNote(settings, [callbackUrl], o.signOut ? [signOutReturn] : []),
        'Enable the module (a2enmod auth_openidc), include cognito-openidc.conf in the site, then apachectl configtest and reload.',
        ...(o.secrets === 'env' && secret
          ? [
              `Apache reads \${${o.secretEnvVar}} from its environment at start: export it in /etc/apache2/envvars (or the unit's Environment=).`,
            ]
          : []),
        ...(o.signOut ? [`Sign-out link: ${logoutLink} (ends the site session, then Cognito's).`] : []),
        `Verify: open ${o.siteUrl}${o.protectedPath}, sign in; REMOTE_USER is the ${o.remoteUserClaim} claim.`,
      ],
      json: {
        OIDCProviderMetadataURL: endpoints.discovery,
        ...(o.signOut ? { OIDCProviderEndSessionEndpoint: cognitoLogoutUrl(settings, signOutReturn) } : {}),
        OIDCClientID: settings.clientId,
        ...(secret ? { OIDCClientSecret: secret } : {}),
        OIDCProviderTokenEndpointAuth: tokenAuth,
        OIDCRedirectURI: callbackUrl,
        OIDCScope: settings.scopes.join(' '),
        OIDCRemoteUserClaim: o.remoteUserClaim,
        OIDCRefreshAccessTokenBeforeExpiry: o.refreshBeforeExpirySeconds,
        protectedPath: o.protectedPath,
        logoutLink,
      },
      appClient: appClientSpec(settings, {
        clientName: 'apache',
        callbackUrls: [callbackUrl],
        logoutUrls: o.signOut ? [signOutReturn] : [],
        generateSecret: secret !== undefined,
      }),
    };
  },
});
