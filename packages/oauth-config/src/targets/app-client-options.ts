// What the Cognito-side targets share: the app client to create, from another target's needs or from explicit URLs.
import type { CognitoSettings } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec } from '../app-client.js';
import { OAuthConfigError } from '../errors.js';
import { commonOptions, urlList } from '../options.js';
import type { AppClientSpec } from '../types.js';
import { type PlatformTargetName, platformTargets } from './platforms.js';

const AUTH_FLOWS = [
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_AUTH',
] as const;

export const appClientOptions = {
  for: z
    .enum(Object.keys(platformTargets) as [PlatformTargetName, ...PlatformTargetName[]], {
      error: `expected a target name: ${Object.keys(platformTargets).join(', ')}.`,
    })
    .optional()
    .describe(
      "Create the app client that this target needs (its callback and sign-out URLs, secret or not); pass the target's options in targetOptions.",
    ),
  targetOptions: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('Options of the "for" target, e.g. {"gitlabUrl": "https://gitlab.example.com"}.'),
  clientName: z
    .string()
    .regex(/^[\w\s+=,.@-]{1,128}$/, 'expected an app client name of letters, digits, spaces and +=,.@-_ (up to 128).')
    .optional()
    .describe('The app client name; defaults to the "for" target name.'),
  callbackUrls: urlList('callback URL'),
  logoutUrls: urlList('sign-out URL'),
  generateSecret: z
    .boolean()
    .optional()
    .describe('Confidential client with a secret; defaults to what the "for" target needs.'),
  explicitAuthFlows: z
    .array(z.enum(AUTH_FLOWS, { error: `expected auth flows among ${AUTH_FLOWS.join(', ')}.` }))
    .default(['ALLOW_REFRESH_TOKEN_AUTH'])
    .describe(
      'Non-OAuth sign-in flows; the default allows only refreshing tokens (sign-in goes through the hosted UI).',
    ),
  ...commonOptions,
};

export type AppClientOptions = z.output<z.ZodObject<typeof appClientOptions>>;

/** Re-labels an option error of the nested target so it names targetOptions.<option>. */
function nested<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof OAuthConfigError && error.code === 'OPTION_INVALID') {
      throw new OAuthConfigError(error.code, `targetOptions.${error.option}`, error.detail.problem ?? error.message);
    }
    throw error;
  }
}

const unique = (list: string[]) => [...new Set(list)];

/** The app client to create: the "for" target's needs plus explicit URLs. */
function resolveSpec(settings: CognitoSettings, o: AppClientOptions): AppClientSpec {
  // Placeholders: only the app client's shape is used here, so no secret is needed to compute it.
  const base = o.for
    ? nested(
        () =>
          platformTargets[o.for as PlatformTargetName].generate(settings, {
            ...o.targetOptions,
            secrets: 'placeholder',
          } as never).appClient,
      )
    : undefined;
  const callbackUrls = unique([...(base?.callbackUrls ?? []), ...o.callbackUrls]);
  if (callbackUrls.length === 0) {
    throw new OAuthConfigError(
      'OPTION_INVALID',
      'callbackUrls',
      `is required: give callbackUrls, or "for" with a target that has callback URLs${o.for ? ` (${o.for} has none)` : ''}.`,
    );
  }
  return {
    clientName: o.clientName ?? base?.clientName ?? 'app',
    callbackUrls,
    logoutUrls: unique([...(base?.logoutUrls ?? []), ...o.logoutUrls]),
    scopes: base?.scopes ?? [...settings.scopes],
    generateSecret: o.generateSecret ?? base?.generateSecret ?? settings.clientAuthMethod !== 'none',
    identityProviders:
      base?.identityProviders ??
      appClientSpec(settings, { clientName: '', callbackUrls, generateSecret: false }).identityProviders,
  };
}

/** The CreateUserPoolClient request (the API's names; CloudFormation's properties differ only in URL capitals). */
export function userPoolClientRequest(settings: CognitoSettings, spec: AppClientSpec, explicitAuthFlows: string[]) {
  return {
    UserPoolId: settings.userPoolId,
    ClientName: spec.clientName,
    GenerateSecret: spec.generateSecret,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: spec.scopes,
    CallbackURLs: spec.callbackUrls,
    ...(spec.logoutUrls.length ? { LogoutURLs: spec.logoutUrls } : {}),
    SupportedIdentityProviders: spec.identityProviders,
    ExplicitAuthFlows: explicitAuthFlows,
    PreventUserExistenceErrors: 'ENABLED',
    EnableTokenRevocation: true,
  };
}

/** Notes every Cognito-side target ends with. */
export function appClientNotes(spec: AppClientSpec): string[] {
  return [
    `Callback URLs: ${spec.callbackUrls.join(', ')}.${spec.logoutUrls.length ? ` Sign-out URLs: ${spec.logoutUrls.join(', ')}.` : ''}`,
    spec.generateSecret
      ? 'The client gets a secret: put its ID and secret into your settings (clientId, clientSecret).'
      : 'A public client (no secret): put its ID into your settings (clientId) and leave clientSecret out.',
  ];
}

/** The spec and its CreateUserPoolClient request: what every Cognito-side target starts from. */
export function resolveAppClient(settings: CognitoSettings, o: AppClientOptions) {
  const spec = resolveSpec(settings, o);
  return { spec, request: userPoolClientRequest(settings, spec, o.explicitAuthFlows) };
}
