// The plugin's options, validated when Strapi loads it: a bad option stops Strapi with a message naming the option.
import {
  CognitoConfigError,
  type CognitoOptions,
  defineCognito,
  definePool,
  parseHttpsUrl,
} from '@cognito-connect/core';
import { z } from 'zod';
import { adminOptionsSchema } from './admin-options.js';

/** Where the plugin's options live in config/plugins: `{ 'cognito-connect': { enabled: true, config: { ... } } }`. */
export const PLUGIN_NAME = 'cognito-connect';

// Strapi's env() gives '' for a variable set to nothing: treat it as not set.
const unset = (value: unknown) => (value === '' || value === null ? undefined : value);
const optionalString = z.preprocess(unset, z.string().trim().min(1).optional());
const stringList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : unset(value)),
  z.array(z.string().trim().min(1)).optional(),
);
const optionsSchema = z.strictObject({
  // Cognito: the pool comes from here; the app client may come from the admin's Providers page instead.
  userPoolId: z.preprocess(
    unset,
    z.string({ error: 'is required: the user pool ID, such as us-east-1_AbC123xyZ' }).trim(),
  ),
  region: optionalString,
  clientId: optionalString,
  clientSecret: optionalString,
  clientAuthMethod: z.preprocess(unset, z.enum(['client_secret_basic', 'client_secret_post', 'none']).optional()),
  domain: optionalString,
  issuer: optionalString,
  scopes: stringList,
  identityProvider: optionalString,
  transactionSecret: z.preprocess(
    unset,
    z
      .string({
        error:
          'is required: a random string of at least 32 characters that seals login transactions (openssl rand -base64 48)',
      })
      .min(32, 'must be at least 32 characters; generate one with `openssl rand -base64 48`'),
  ),
  transactionTtlSeconds: z.preprocess(unset, z.number().int().min(30).max(3600).optional()),
  clockToleranceSeconds: z.preprocess(unset, z.number().min(0).max(300).optional()),
  timeoutMs: z.preprocess(unset, z.number().int().min(100).max(120_000).optional()),
  /** The hardened flow's callback; defaults to `<server.url>/api/cognito-connect/callback`. */
  redirectUri: optionalString,
  /** Where Cognito's /logout returns to by default: one of the app client's sign-out URLs. */
  logoutUri: optionalString,
  /** Front-end origins that `returnTo` (login and logout) may point at, besides Strapi's own. */
  allowedRedirectOrigins: z.preprocess(unset, z.array(z.string()).default([])),
  /** `cognito:groups` group → users-permissions role type, applied on every login (first matching group wins). */
  groupRoles: z.preprocess(
    unset,
    z
      .record(z.string().min(1), z.string().trim().min(1, 'expected a users-permissions role type such as "editor"'))
      .default({}),
  ),
  /** Role type for users in no mapped group; defaults to users-permissions' "Default role for authenticated users". */
  defaultRole: optionalString,
  /** Refuse everyone who is in none of these Cognito groups. */
  requiredGroups: z.preprocess(unset, z.array(z.string().min(1)).default([])),
  /** Link an existing account with the same email; only ever when Cognito says `email_verified`. */
  linkByEmail: z.preprocess(unset, z.boolean().default(true)),
  /** Accept Cognito access tokens as `Authorization: Bearer` on the REST and GraphQL APIs. */
  bearer: z.preprocess(
    unset,
    z
      .strictObject({
        enabled: z.boolean().default(true),
        /** More app clients whose access tokens are accepted (e.g. the SPA or mobile app signing in with Amplify). */
        clientIds: z.array(z.string().min(1)).default([]),
        /** Create the Strapi user on the first API call (reads the email from Cognito's userInfo). */
        createUsers: z.boolean().default(true),
      })
      .default({ enabled: true, clientIds: [], createUsers: true }),
  ),
  /** Take over users-permissions' built-in `cognito` provider and its /api/connect/cognito routes. */
  replaceBuiltInProvider: z.preprocess(unset, z.boolean().default(true)),
  /** Lifetime of the one-time code a front end exchanges for `{ jwt, user }`. */
  loginCodeTtlSeconds: z.preprocess(unset, z.number().int().min(10).max(600).default(60)),
  /** "Sign in with Cognito" on the Strapi admin panel (see admin-options.ts). */
  admin: adminOptionsSchema,
});

/** The plugin's options as written in `config/plugins.ts` (exported as `CognitoConnectOptions`); defaults may be left out. */
export type PluginOptionsInput = z.input<typeof optionsSchema>;
/** The options after {@link parseOptions}: every default filled in. */
export type PluginOptions = z.output<typeof optionsSchema>;

/**
 * Thrown for a bad option; `option` is the dotted path inside the plugin's config.
 *
 * @example
 * ```ts
 * try { parseOptions({ userPoolId: 'nope' }); } catch (e) { if (e instanceof PluginConfigError) console.error(e.option); }
 * ```
 */
export class PluginConfigError extends Error {
  readonly option: string;

  constructor(option: string, message: string) {
    super(`${PLUGIN_NAME}.${option}: ${message}`);
    this.name = 'PluginConfigError';
    this.option = option;
  }
}

/** The Cognito part of the options, with the app client filled in from wherever it comes from. */
export function cognitoOptions(
  options: PluginOptions,
  client: { clientId?: string | undefined; clientSecret?: string | undefined; domain?: string | undefined },
  redirectUri: string | undefined,
): CognitoOptions {
  return {
    userPoolId: options.userPoolId,
    region: options.region,
    clientId: client.clientId as string,
    clientSecret: client.clientSecret,
    clientAuthMethod: options.clientAuthMethod,
    domain: client.domain as string,
    issuer: options.issuer,
    scopes: options.scopes,
    identityProvider: options.identityProvider,
    redirectUri,
    logoutUri: options.logoutUri,
    transactionSecret: options.transactionSecret,
    transactionTtlSeconds: options.transactionTtlSeconds,
    clockToleranceSeconds: options.clockToleranceSeconds,
    timeoutMs: options.timeoutMs,
  };
}

// Without a client in code, a stand-in lets core check everything else at boot; the real one is checked when used.
const STAND_IN_CLIENT = { clientId: 'providers_page_client', domain: 'https://providers-page.invalid' };

/** The pool's region, as core reads it from the options. */
export function poolRegion(options: PluginOptions): string {
  return definePool(options).region;
}

/**
 * Validates the options; throws PluginConfigError naming the first bad option. Cognito settings are checked by core,
 * fully when the app client is configured in code, and otherwise (client from the Providers page) all but the client.
 *
 * @example
 * ```ts
 * import { parseOptions } from '@cognito-connect/strapi-plugin';
 * const options = parseOptions({
 *   userPoolId: 'eu-west-1_AbCdEf123',
 *   domain: 'auth.example.com',
 *   clientId: 'abc123',
 *   transactionSecret: process.env.COGNITO_TRANSACTION_SECRET,
 * });
 * ```
 */
export function parseOptions(input: unknown): PluginOptions {
  const parsed = optionsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw new PluginConfigError(issue.path.join('.') || 'config', `${issue.message}${keys}`);
  }
  const options = parsed.data;
  const hasClient = options.clientId !== undefined && options.domain !== undefined;
  try {
    defineCognito(cognitoOptions(options, hasClient ? options : STAND_IN_CLIENT, options.redirectUri));
    // Core's one URL rule (https, or http only on loopback; no credentials or fragment), for a bare origin.
    options.allowedRedirectOrigins = options.allowedRedirectOrigins.map(
      (origin, i) =>
        parseHttpsUrl(`allowedRedirectOrigins.${i}`, origin, {
          what: 'a front-end origin such as https://app.example.com',
          originOnly: true,
          noQuery: true,
        }).origin,
    );
  } catch (error) {
    if (error instanceof CognitoConfigError)
      throw new PluginConfigError(error.field, error.detail.problem ?? error.message);
    throw error;
  }
  return options;
}
