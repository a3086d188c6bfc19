// The seed is the emulator's whole configuration; validating it up front turns typos into errors that name the JSON path.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

/** Cognito's pool id shape: `<region>_<id>`, e.g. `us-east-1_AbCdEf123`. */
const USER_POOL_ID = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)_[0-9A-Za-z]+$/;

/** The OIDC standard attributes a Cognito user pool knows; anything else must be `custom:<name>`. */
export const STANDARD_ATTRIBUTES = [
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
] as const;
const STANDARD_SET = new Set<string>(STANDARD_ATTRIBUTES);
const CUSTOM_ATTRIBUTE = /^custom:[\w-]{1,20}$/;

/** Cognito's own scopes; any scope containing `/` is a resource-server (custom) scope. */
export const BUILT_IN_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'] as const;
const BUILT_IN_SET = new Set<string>(BUILT_IN_SCOPES);
export const isCustomScope = (scope: string): boolean => scope.includes('/');

const DAY = 86_400;

const redirectUrl = z.url().refine((url) => !url.includes('#'), 'must not contain a fragment (#)');

/** True for a name a user pool can hold: a standard OIDC attribute or `custom:<name>`. */
export const isAttributeName = (name: string): boolean => STANDARD_SET.has(name) || CUSTOM_ATTRIBUTE.test(name);

/** Checks every key of a record is an attribute name (`extra` names are allowed too). */
function attributeNames<T extends Record<string, unknown>>(record: z.ZodType<T>, extra: string[] = []) {
  return record.superRefine((attrs, ctx) => {
    for (const name of Object.keys(attrs)) {
      if (!isAttributeName(name) && !extra.includes(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `unknown attribute "${name}": use a standard OIDC attribute or "custom:<name>"`,
        });
      }
    }
  });
}

export const attributeValue = z.union([z.string(), z.boolean(), z.number()]).transform(String);
const attributes = attributeNames(z.record(z.string(), attributeValue));

/** Attribute changes for an existing user: `null` removes an attribute. */
export const attributePatchSchema = attributeNames(z.record(z.string(), attributeValue.nullable()));

export const userSchema = z.object({
  username: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, 'must not contain spaces'),
  password: z.string().min(1),
  sub: z.uuid().optional(),
  attributes: attributes.default({}),
  groups: z.array(z.string().min(1)).default([]),
  enabled: z.boolean().default(true),
  /**
   * A base32 TOTP secret: the user has software-token MFA set up and enabled, as after AssociateSoftwareToken,
   * VerifySoftwareToken and SetUserMFAPreference, so both the API and the hosted UI ask for the code.
   */
  totpSecret: z
    .string()
    .regex(/^[A-Z2-7]{16,}$/, 'must be a base32 secret (A-Z, 2-7) of at least 16 characters')
    .optional(),
});

export const groupSchema = z.object({
  name: z.string().min(1).max(128),
  description: z.string().max(2048).optional(),
  precedence: z.number().int().min(0).optional(),
});

const scope = z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'must be a single scope token');

/** Cognito's `ExplicitAuthFlows` values the emulator implements. */
export const EXPLICIT_AUTH_FLOWS = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
] as const;

/** The Lambda triggers the emulator runs, each a path to a local JS module exporting `handler(event)`. */
export const triggersSchema = z
  .strictObject({
    preSignUp: z.string().min(1).optional(),
    postConfirmation: z.string().min(1).optional(),
    preAuthentication: z.string().min(1).optional(),
    preTokenGeneration: z.string().min(1).optional(),
  })
  .default({});

export const clientSchema = z
  .object({
    clientId: z.string().regex(/^[\w+]{1,128}$/, 'must be 1-128 letters, digits, _ or +'),
    clientSecret: z
      .string()
      .regex(/^[\w+]{1,64}$/, 'must be 1-64 letters, digits, _ or +')
      .optional(),
    name: z.string().min(1).max(128),
    callbackUrls: z.array(redirectUrl).default([]),
    logoutUrls: z.array(redirectUrl).default([]),
    /** Cognito's `AllowedOAuthFlows`: `implicit` lets `/oauth2/authorize` answer `response_type=token`. */
    allowedOAuthFlows: z
      .array(z.enum(['code', 'implicit', 'client_credentials']))
      // Empty: a client for the user-pool API only (no hosted UI), as Cognito allows.
      .default(['code']),
    allowedOAuthScopes: z.array(scope).min(1).default(['openid', 'email', 'profile']),
    supportedIdentityProviders: z.array(z.string().min(1)).min(1).default(['COGNITO']),
    tokenValidity: z
      .object({
        idToken: z.number().int().min(300).max(DAY).default(3600),
        accessToken: z.number().int().min(300).max(DAY).default(3600),
        refreshToken: z
          .number()
          .int()
          .min(60)
          .max(3650 * DAY)
          .default(30 * DAY),
      })
      .default({ idToken: 3600, accessToken: 3600, refreshToken: 30 * DAY }),
    /** Adds `jti` and `origin_jti` to tokens and opens `/oauth2/revoke`, as Cognito's `EnableTokenRevocation` does. */
    enableTokenRevocation: z.boolean().default(true),
    /**
     * Refuses a code flow without PKCE (S256) for this client. Cognito has no such switch: it accepts a public client
     * without PKCE, which is the emulator's default too; tests that want the strict mode turn this on.
     */
    requirePkce: z.boolean().default(false),
    /** Cognito's `ExplicitAuthFlows` for the user-pool API; the default allows every flow the emulator has. */
    explicitAuthFlows: z.array(z.enum(EXPLICIT_AUTH_FLOWS)).default([...EXPLICIT_AUTH_FLOWS]),
    /** Cognito's refresh-token rotation: each `GetTokensFromRefreshToken` returns a new refresh token and ends the old one. */
    refreshTokenRotation: z.boolean().default(false),
  })
  .superRefine((client, ctx) => {
    const flows = client.allowedOAuthFlows;
    if (flows.includes('client_credentials')) {
      if (!client.clientSecret) {
        ctx.addIssue({
          code: 'custom',
          path: ['allowedOAuthFlows'],
          message: 'client_credentials needs a clientSecret (Cognito allows it only for confidential clients)',
        });
      }
      if (flows.includes('code') || flows.includes('implicit')) {
        ctx.addIssue({
          code: 'custom',
          path: ['allowedOAuthFlows'],
          message: 'client_credentials cannot be combined with code or implicit in one app client (as in Cognito)',
        });
      }
      client.allowedOAuthScopes.forEach((s, i) => {
        if (!isCustomScope(s))
          ctx.addIssue({
            code: 'custom',
            path: ['allowedOAuthScopes', i],
            message: `"${s}" is not a resource-server scope; client_credentials clients may only hold "<resource-server>/<scope>" scopes`,
          });
      });
    } else {
      if ((flows.includes('code') || flows.includes('implicit')) && client.callbackUrls.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['callbackUrls'],
          message: 'a client with the code or implicit flow needs at least one callback URL',
        });
      }
      client.allowedOAuthScopes.forEach((s, i) => {
        if (!BUILT_IN_SET.has(s) && !isCustomScope(s))
          ctx.addIssue({
            code: 'custom',
            path: ['allowedOAuthScopes', i],
            message: `unknown scope "${s}": use ${BUILT_IN_SCOPES.join(', ')} or "<resource-server>/<scope>"`,
          });
      });
    }
  });

const standInUser = z.looseObject({ sub: z.string().min(1) });

export const identityProviderSchema = z
  .object({
    name: z
      .string()
      .regex(/^[\p{L}\p{M}\p{N}_.-]{1,32}$/u, 'must be 1-32 letters, digits, _ . or -')
      .refine((n) => n !== 'COGNITO', 'COGNITO is reserved'),
    type: z.literal('OIDC'),
    /** Required unless `standIn` is given (the emulator then hosts the provider and sets these). */
    issuer: z.url().optional(),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    authorizeScopes: z.string().default('openid email'),
    /** Pool attribute → IdP claim. `username` picks the claim that names the user (default `sub`). */
    attributeMapping: attributeNames(z.record(z.string(), z.string()), ['username']).default({ email: 'email' }),
    identifiers: z.array(z.string().min(1)).default([]),
    /** Makes the emulator host this provider itself at `<domain>/__standin/<name>`, signing in these users without a form. */
    standIn: z.object({ users: z.array(standInUser).min(1) }).optional(),
  })
  .superRefine((idp, ctx) => {
    for (const field of ['issuer', 'clientId', 'clientSecret'] as const) {
      if (idp.standIn && field === 'issuer' && idp.issuer)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: 'the emulator sets the issuer of a standIn provider; remove it',
        });
      if (!idp.standIn && !idp[field])
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} is required (or declare standIn to have the emulator host the provider)`,
        });
    }
  });

export const seedSchema = z
  .object({
    userPool: z.object({
      id: z.string().regex(USER_POOL_ID, 'must look like "us-east-1_AbCdEf123" (<region>_<id>)'),
      name: z.string().min(1).default('cognito-emulator'),
      /**
       * Whose URL goes into every token's `iss`: `emulator` (default, `<domain>/<poolId>`, where discovery and JWKS
       * are served) or `aws` (`https://cognito-idp.<region>.amazonaws.com/<poolId>`, for verifiers that cannot be
       * pointed elsewhere; they must be given the emulator's keys, since nothing answers at that URL).
       */
      issuer: z.enum(['emulator', 'aws']).default('emulator'),
      /**
       * Attributes every user must have (Cognito's schema attributes marked `Required`): `SignUp` refuses a user
       * without them, and a user created without them supplies them with the new password (API challenge or hosted UI).
       */
      requiredAttributes: z
        .array(
          z.string().refine(isAttributeName, {
            message: 'must be a standard OIDC attribute or "custom:<name>"',
          }),
        )
        .default([]),
      /**
       * Cognito's `AdminCreateUserConfig.AllowAdminCreateUserOnly`: `false` lets users sign themselves up, through the
       * API's `SignUp` and the hosted UI's "Sign up" link; `true` lets only administrators create users (`SignUp` is
       * refused). Absent: `SignUp` works but the hosted UI shows no sign-up link.
       */
      allowAdminCreateUserOnly: z.boolean().optional(),
      /**
       * Cognito's `UsernameAttributes`: users sign up and sign in with an e-mail address and/or a phone number instead
       * of a username; the pool then generates each new user's username (a UUID, the same as its `sub`). Seeded users
       * keep the usernames the seed gives them and can sign in with those attributes too.
       */
      usernameAttributes: z.array(z.enum(['email', 'phone_number'])).default([]),
      /**
       * Cognito's `MfaConfiguration`: `OFF` asks nobody for a second factor (not even a user with a token) and
       * refuses to set one up; `OPTIONAL` asks users who enabled a factor for its code; `ON` requires MFA of every
       * user, so one without a factor sets up a software token while signing in (the API's `MFA_SETUP` challenge,
       * the hosted UI's set-up page).
       */
      mfaConfiguration: z.enum(['OFF', 'OPTIONAL', 'ON']).default('OPTIONAL'),
    }),
    clients: z.array(clientSchema).default([]),
    groups: z.array(groupSchema).default([]),
    users: z.array(userSchema).default([]),
    identityProviders: z.array(identityProviderSchema).default([]),
    triggers: triggersSchema,
  })
  .superRefine((seed, ctx) => {
    duplicates(
      seed.clients.map((c) => c.clientId),
      ['clients'],
      'clientId',
      ctx,
    );
    duplicates(
      seed.groups.map((g) => g.name),
      ['groups'],
      'name',
      ctx,
    );
    duplicates(
      seed.users.map((u) => u.username.toLowerCase()),
      ['users'],
      'username',
      ctx,
    );
    duplicates(
      seed.identityProviders.map((p) => p.name),
      ['identityProviders'],
      'name',
      ctx,
    );
    const groups = new Set(seed.groups.map((g) => g.name));
    seed.users.forEach((user, i) =>
      user.groups.forEach((group, j) => {
        if (!groups.has(group))
          ctx.addIssue({
            code: 'custom',
            path: ['users', i, 'groups', j],
            message: `group "${group}" is not declared in groups`,
          });
      }),
    );
    const providers = new Set(['COGNITO', ...seed.identityProviders.map((p) => p.name)]);
    seed.clients.forEach((client, i) =>
      client.supportedIdentityProviders.forEach((name, j) => {
        if (!providers.has(name))
          ctx.addIssue({
            code: 'custom',
            path: ['clients', i, 'supportedIdentityProviders', j],
            message: `identity provider "${name}" is not declared in identityProviders`,
          });
      }),
    );
  });

function duplicates(values: string[], path: (string | number)[], field: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value))
      ctx.addIssue({ code: 'custom', path: [...path, i, field], message: `duplicate ${field} "${value}"` });
    seen.add(value);
  });
}

/** A seed as written in JSON (defaults not yet applied). */
export type SeedInput = z.input<typeof seedSchema>;
/** A validated seed with every default applied. */
export type Seed = z.output<typeof seedSchema>;
/** A seeded user with defaults applied (`attributes`, `groups`, `enabled`). */
export type SeedUser = z.output<typeof userSchema>;
/** A user as written in a seed or given to `admin.addUser`. */
export type SeedUserInput = z.input<typeof userSchema>;
/** An app client with defaults applied, as the emulator holds it. */
export type SeedClient = z.output<typeof clientSchema>;
/** An app client as written in a seed (optional fields may be left out). */
export type SeedClientInput = z.input<typeof clientSchema>;
/** A group: `name`, and optionally `description` and `precedence` (which orders `cognito:groups`). */
export type SeedGroup = z.output<typeof groupSchema>;
/** An external OIDC identity provider with defaults applied. */
export type SeedIdentityProvider = z.output<typeof identityProviderSchema>;
/** An external OIDC identity provider as written in a seed, or a `standIn` one the emulator hosts. */
export type SeedIdentityProviderInput = z.input<typeof identityProviderSchema>;
/** Trigger name → module path, resolved against the seed file's folder (or the working directory for an object). */
export type SeedTriggers = z.output<typeof triggersSchema>;

/** One problem found in a seed, at a JSON path like `clients[0].callbackUrls[1]`. */
export interface SeedIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown when a seed (or an admin API payload) does not validate; the message lists every issue with its path.
 *
 * @example
 * ```ts
 * import { loadSeed, SeedError } from '@cognito-connect/emulator';
 *
 * try {
 *   await loadSeed({ userPool: { id: 'not-a-pool-id' } });
 * } catch (error) {
 *   if (error instanceof SeedError) for (const issue of error.issues) console.error(`${issue.path}: ${issue.message}`);
 * }
 * ```
 */
export class SeedError extends Error {
  readonly code = 'SEED_INVALID';
  constructor(
    readonly issues: readonly SeedIssue[],
    source = 'seed',
  ) {
    super(`Invalid ${source}:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'SeedError';
  }
}

/** Renders a zod path the way people write JSON paths: `clients[0].name`. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`),
    root,
  );
}

/** Parses `value` with `schema`, throwing a {@link SeedError} that names `root`-relative paths. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new SeedError(
    result.error.issues.map((issue) => ({ path: formatPath(root, issue.path), message: issue.message })),
    root,
  );
}

/** The AWS region encoded in a user pool id. */
export function regionOf(userPoolId: string): string {
  const match = USER_POOL_ID.exec(userPoolId);
  if (!match?.[1]) throw new SeedError([{ path: 'seed.userPool.id', message: 'must look like "us-east-1_AbCdEf123"' }]);
  return match[1];
}

/** Gives every user a stable `sub` so tokens issued for the same seed user agree within one run. */
function withSubs(seed: Seed, base = process.cwd()): Seed {
  const triggers = Object.fromEntries(Object.entries(seed.triggers).map(([name, path]) => [name, resolve(base, path)]));
  return { ...seed, triggers, users: seed.users.map((u) => ({ ...u, sub: u.sub ?? randomUUID() })) };
}

/**
 * Validates a seed given as an object, or reads and validates it from a JSON file path.
 * @throws SeedError naming each invalid JSON path.
 *
 * @example
 * ```ts
 * import { loadSeed, startEmulator } from '@cognito-connect/emulator';
 *
 * const seed = await loadSeed('test-fixtures/emulator/seed.json'); // fails early, naming the JSON path at fault
 * const emulator = await startEmulator({ seed, port: 0 });
 * ```
 */
export async function loadSeed(seed: SeedInput | string): Promise<Seed> {
  if (typeof seed !== 'string') return withSubs(parseWith(seedSchema, seed, 'seed'));
  let text: string;
  try {
    text = await readFile(seed, 'utf8');
  } catch (cause) {
    throw new SeedError([
      { path: 'seed', message: `cannot read ${seed}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}` },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SeedError([{ path: 'seed', message: `${seed} is not valid JSON: ${(cause as Error).message}` }]);
  }
  return withSubs(parseWith(seedSchema, json, 'seed'), dirname(resolve(seed)));
}
