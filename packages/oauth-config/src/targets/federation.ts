// Both halves of adding an external OIDC IdP to the pool: what to register at the IdP, and the provider to create in Cognito.
import { DEFAULT_SCOPES, IDP_AUTHORIZE_PARAMS, USER_POOL_PROVIDER, parseHttpsUrl } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec } from '../app-client.js';
import { toJson } from '../formats/json.js';
import { shellCommand } from '../formats/shell.js';
import { OAuthConfigError } from '../errors.js';
import { commonOptions, requiredString } from '../options.js';
import { SecretValue } from '../secrets.js';
import { banner, defineTarget } from './define.js';

// Cognito's ProviderNameType: 1-32 characters, no whitespace, not starting with "_"; COGNITO is the pool itself.
const PROVIDER_NAME = /^[^\s_][^\s]{0,31}$/u;
const ATTRIBUTE = /^(?:[a-z_]+|custom:[\w.-]{1,20})$/;
const CLAIM = /^[\w.:-]{1,128}$/;

/** The IdP's issuer exactly as its discovery document states it (Cognito compares it character for character). */
const issuerUrl = requiredString("the IdP's issuer URL, e.g. https://auth.example.com").refine((raw) => {
  try {
    // Core's one URL rule (https, http on loopback only, no credentials or fragment), and no query for an issuer.
    parseHttpsUrl('issuer', raw, { noQuery: true });
    return true;
  } catch {
    return false;
  }
}, 'expected the IdP\'s issuer as an https:// URL without query or fragment, exactly as its discovery document\'s "issuer".');

const options = z.strictObject({
  providerName: z
    .string()
    .regex(
      PROVIDER_NAME,
      'expected the provider name in the pool: 1 to 32 characters without spaces (users never see it; apps pass it as identity_provider).',
    )
    .refine(
      (name) => name.toUpperCase() !== USER_POOL_PROVIDER,
      `${USER_POOL_PROVIDER} is the user pool itself; pick another name.`,
    )
    .optional()
    .describe("The IdP's name in the pool; defaults to settings.identityProvider."),
  issuerUrl,
  idpClientId: requiredString('the client ID the IdP issued to Cognito').regex(
    /^[\x21-\x7e]{1,255}$/,
    'expected the client ID the IdP issued (no spaces).',
  ),
  idpClientSecret: z
    .string()
    .min(1)
    .optional()
    .describe('The client secret the IdP issued to Cognito (secrets: inline); never printed in errors.'),
  ...commonOptions,
  secretEnvVar: commonOptions.secretEnvVar.default('IDP_CLIENT_SECRET'),
  authorizeScopes: z
    .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'expected a scope without spaces or quotes.'))
    .min(1)
    .default([...DEFAULT_SCOPES])
    .describe('Scopes Cognito asks the IdP for.'),
  attributeMapping: z
    .record(
      z.string().regex(ATTRIBUTE, 'expected a user pool attribute such as email or custom:team.'),
      z.string().regex(CLAIM, 'expected an IdP claim name such as email or sub.'),
    )
    .default({ email: 'email' })
    .describe('User pool attribute ← IdP claim, e.g. {"email": "sub"} when the IdP puts the email in sub.'),
  attributesRequestMethod: z
    .enum(['GET', 'POST'])
    .default('GET')
    .describe('How Cognito calls the IdP userinfo endpoint.'),
});

export const federation = defineTarget({
  name: 'federation',
  title: 'Federation with an external OIDC IdP',
  summary: 'What to register at the IdP for Cognito, and the OIDC identity provider to create in the pool.',
  docs: 'docs/federation.md',
  options,
  build(settings, o) {
    const providerName = o.providerName ?? settings.identityProvider;
    if (!providerName) {
      throw new OAuthConfigError(
        'OPTION_INVALID',
        'providerName',
        "is required: the IdP's name in the pool (or set identityProvider in the settings).",
      );
    }
    if (settings.identityProvider && settings.identityProvider !== providerName) {
      throw new OAuthConfigError(
        'OPTION_INVALID',
        'providerName',
        `is "${providerName}" but the settings send users to identityProvider "${settings.identityProvider}"; use one name for both.`,
      );
    }
    if (o.secrets === 'inline' && !o.idpClientSecret) {
      throw new OAuthConfigError(
        'OPTION_INVALID',
        'idpClientSecret',
        'is required with secrets "inline": the client secret the IdP issued to Cognito (or generate with secrets "env" or "placeholder").',
      );
    }
    const secret = new SecretValue(o.secrets, o.secretEnvVar, o.idpClientSecret);
    const redirectUri = settings.endpoints.idpResponse;
    // RFC 7591 client metadata names: what an admin types into the IdP's console, or posts to its registration endpoint.
    const registration = {
      client_name: `Amazon Cognito (${settings.userPoolId})`,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: o.authorizeScopes.join(' '),
      application_type: 'web',
    };
    const request = {
      UserPoolId: settings.userPoolId,
      ProviderName: providerName,
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: o.idpClientId,
        client_secret: secret,
        authorize_scopes: o.authorizeScopes.join(' '),
        oidc_issuer: o.issuerUrl,
        attributes_request_method: o.attributesRequestMethod,
      },
      AttributeMapping: o.attributeMapping,
    };
    const requestFile = 'cognito-identity-provider.json';
    const create =
      o.secrets === 'env'
        ? `envsubst '\${${o.secretEnvVar}}' < ${requestFile} | ${shellCommand([
            ['aws', 'cognito-idp', 'create-identity-provider'],
            ['--region', settings.region],
            ['--cli-input-json', 'file:///dev/stdin'],
          ])}`
        : shellCommand([
            ['aws', 'cognito-idp', 'create-identity-provider'],
            ['--region', settings.region],
            ['--cli-input-json', `file://${requestFile}`],
          ]);
    return {
      files: [
        {
          path: 'idp-client-registration.json',
          format: 'json',
          contents: toJson(registration),
          description: 'Register Cognito as a confidential client at the IdP with these values.',
        },
        {
          path: requestFile,
          format: 'json',
          contents: toJson(request),
          description: 'The CreateIdentityProvider request for the pool.',
        },
        {
          path: 'create-identity-provider.sh',
          format: 'shell',
          contents: `# ${banner('the Cognito side of federation')}\n${create}\n`,
          description: 'Creates the OIDC identity provider in the pool (AWS CLI).',
        },
      ],
      callbackUrls: [],
      logoutUrls: [],
      notes: [
        `At the IdP: create a confidential web client with redirect URI ${redirectUri}, the authorization-code grant, client_secret_basic and scopes ${o.authorizeScopes.join(' ')}; note its client ID and secret.`,
        `In Cognito: run create-identity-provider.sh (or enter the same values under Sign-in experience > Federated identity provider sign-in > OpenID Connect), provider name ${providerName}.`,
        `Enable ${providerName} on each app client (supported identity providers), and set identityProvider: "${providerName}" in the settings of every app that should skip the hosted UI; it sends ${IDP_AUTHORIZE_PARAMS.byName}=${providerName}.`,
        ...(o.secrets === 'env'
          ? [`The request holds \${${o.secretEnvVar}}; the script fills it with envsubst from the environment.`]
          : []),
        `Verify: the hosted UI of app client ${settings.clientId} now shows ${providerName}; an app with identityProvider "${providerName}" goes straight to the IdP, and the user appears in the pool as ${providerName}_<sub>.`,
      ],
      json: { identityProvider: providerName, idpRegistration: registration, cognito: request },
      // Federation changes which IdPs an app client allows, not its URLs: the app's own target supplies those.
      appClient: {
        ...appClientSpec(settings, {
          clientName: 'app',
          callbackUrls: [],
          generateSecret: settings.clientAuthMethod !== 'none',
        }),
        identityProviders: [providerName],
      },
    };
  },
});
