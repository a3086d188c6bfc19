// cognito-connect.config.json: the settings file `init` writes and every other command reads; secrets as env references.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CognitoConnectError, type CognitoOptions, type CognitoSettings, defineCognito } from '@cognito-connect/core';
import { type ParseError, parse as parseJson } from 'jsonc-parser';
import { z } from 'zod';
import { writeFileWithMode } from './file-mode.js';

/** The settings file every command reads unless `--config` names another, in the current directory. */
export const DEFAULT_CONFIG_FILE = 'cognito-connect.config.json';

/** `{ "env": "NAME" }` keeps a secret out of the file; the value is read from the environment when the file is loaded. */
const envRef = z
  .object({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as COGNITO_CLIENT_SECRET') })
  .strict();
const secretValue = z.union([z.string().min(1), envRef]);

/** The zod schema of the settings file: core's Cognito options, secrets inline or as `{ "env": "NAME" }`, plus `platforms`. */
export const configFileSchema = z
  .object({
    $schema: z.string().optional(),
    userPoolId: z.string(),
    region: z.string().optional(),
    domain: z.string(),
    clientId: z.string(),
    clientSecret: secretValue.optional(),
    clientAuthMethod: z.enum(['client_secret_basic', 'client_secret_post', 'none']).optional(),
    redirectUri: z.string().optional(),
    logoutUri: z.string().optional(),
    scopes: z.union([z.string(), z.array(z.string())]).optional(),
    identityProvider: z.string().optional(),
    issuer: z.string().optional(),
    transactionSecret: secretValue.optional(),
    /** Per-platform options for `config <target>` and the callback checks of `doctor`, keyed by target name. */
    platforms: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  })
  .strict();

/** A parsed settings file (see {@link configFileSchema}). */
export type ConfigFile = z.infer<typeof configFileSchema>;

/**
 * A settings file that cannot be used (missing, not JSON, wrong shape, an unset env reference): a user's mistake,
 * printed as one line.
 *
 * @example
 * ```ts
 * import { ConfigFileError, readConfigFile } from 'cognito-connect';
 * try { await readConfigFile('cognito-connect.config.json'); } catch (e) { if (e instanceof ConfigFileError) console.error(e.message); }
 * ```
 */
export class ConfigFileError extends CognitoConnectError {
  constructor(message: string) {
    super('CONFIG_FILE_INVALID', message);
  }
}

/** ` at line L, column C` of the first syntax error, found without echoing any of the text. */
function jsonErrorLocation(text: string): string {
  const errors: ParseError[] = [];
  parseJson(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const offset = errors[0]?.offset;
  if (offset === undefined) return '';
  const before = text.slice(0, offset).split('\n');
  return ` at line ${before.length}, column ${(before[before.length - 1] ?? '').length + 1}`;
}

/** Stands in for a secret a command does not use (verify, config with env references): never sent anywhere. */
const UNUSED_SECRET = 'unused-by-this-command-0123456789abcdef';

function resolveSecret(
  field: string,
  value: ConfigFile['clientSecret'],
  env: NodeJS.ProcessEnv,
  needed: boolean,
): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  const resolved = env[value.env];
  if (resolved) return resolved;
  if (!needed) return UNUSED_SECRET;
  throw new ConfigFileError(
    `${field}: the environment variable ${value.env} is not set (the config file refers to it).`,
  );
}

/**
 * Resolves env references and validates the Cognito settings with core. `secretsNeeded: false` lets commands that
 * never use a secret (verify, config with env references) run without it being set.
 *
 * @example
 * ```ts
 * import { readConfigFile, settingsFromConfig } from 'cognito-connect';
 * const settings = settingsFromConfig(await readConfigFile(), { secretsNeeded: false });
 * console.log(settings.endpoints.authorize);
 * ```
 */
export function settingsFromConfig(
  file: ConfigFile,
  options: { env?: NodeJS.ProcessEnv; secretsNeeded?: boolean } = {},
): CognitoSettings {
  const env = options.env ?? process.env;
  const needed = options.secretsNeeded ?? true;
  const { platforms: _platforms, $schema: _schema, clientSecret, transactionSecret, ...rest } = file;
  const cognitoOptions: CognitoOptions = {
    ...rest,
    clientSecret: resolveSecret('clientSecret', clientSecret, env, needed),
    transactionSecret: resolveSecret('transactionSecret', transactionSecret, env, needed),
  };
  return defineCognito(cognitoOptions);
}

/**
 * Reads and validates a settings file (default {@link DEFAULT_CONFIG_FILE}); throws {@link ConfigFileError} naming the
 * bad field, never quoting the file's text.
 *
 * @example
 * ```ts
 * import { readConfigFile } from 'cognito-connect';
 * const file = await readConfigFile('cognito-connect.config.json');
 * console.log(file.userPoolId);
 * ```
 */
export async function readConfigFile(path = DEFAULT_CONFIG_FILE): Promise<ConfigFile> {
  const full = resolve(path);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch {
    throw new ConfigFileError(`No settings file at ${full}: run \`cognito-connect init\` or pass --config <file>.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Never the parser's message: it quotes the text around the mistake, which may be the client secret.
    throw new ConfigFileError(
      `${full} is not valid JSON${jsonErrorLocation(text)}; fix it or run \`cognito-connect init\` again.`,
    );
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigFileError(`${full}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * Writes a settings file as formatted JSON, readable by its owner only (mode 0600: it may hold a secret).
 *
 * @example
 * ```ts
 * import { writeConfigFile } from 'cognito-connect';
 * await writeConfigFile('cognito-connect.config.json', {
 *   userPoolId: 'eu-west-1_AbC123xyZ',
 *   domain: 'myapp',
 *   clientId: 'abc123',
 *   clientSecret: { env: 'COGNITO_CLIENT_SECRET' },
 * });
 * ```
 */
export async function writeConfigFile(path: string, file: ConfigFile): Promise<void> {
  await writeFileWithMode(resolve(path), `${JSON.stringify(file, null, 2)}\n`, 0o600);
}
