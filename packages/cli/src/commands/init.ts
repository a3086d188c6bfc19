// `cognito-connect init`: asks for (or takes flags for) the pool settings and writes a validated settings file.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { CognitoConfigError, defineCognito } from '@cognito-connect/core';
import { type ConfigFile, DEFAULT_CONFIG_FILE, writeConfigFile } from '../config-file.js';
import type { Output } from '../output.js';

/** The options of `cognito-connect init`: the pool settings, where the secret comes from, and whether to prompt. */
export interface InitFlags {
  pool?: string;
  region?: string;
  domain?: string;
  clientId?: string;
  clientSecret?: string;
  clientSecretEnv?: string;
  secret?: boolean;
  redirectUri?: string;
  logoutUri?: string;
  scopes?: string;
  /** The tokens' issuer when it is not Cognito's (the local emulator's `issuer` line). */
  issuer?: string;
  out?: string;
  force?: boolean;
  interactive?: boolean;
}

type Field = 'userPoolId' | 'region' | 'domain' | 'clientId' | 'redirectUri' | 'logoutUri';
const QUESTIONS: Array<{ field: Field; question: string; optional?: boolean }> = [
  { field: 'userPoolId', question: 'User pool ID (e.g. eu-west-1_AbC123xyZ)' },
  { field: 'region', question: 'Region (Enter to use the pool ID’s)', optional: true },
  { field: 'domain', question: 'Cognito domain (prefix, host or custom domain)' },
  { field: 'clientId', question: 'App client ID' },
  { field: 'redirectUri', question: 'Callback URL of your app (Enter to skip)', optional: true },
  { field: 'logoutUri', question: 'Sign-out URL (Enter to skip)', optional: true },
];

/**
 * `cognito-connect init`: takes the pool settings from flags (prompting for the rest on a terminal), validates them
 * with core and writes the settings file, the client secret as an environment reference.
 *
 * @example
 * ```ts
 * process.exitCode = await runInit(
 *   { pool: 'eu-west-1_AbC123xyZ', domain: 'myapp', clientId: 'abc123', secret: false, interactive: false },
 *   createOutput(),
 * );
 * ```
 */
export async function runInit(flags: InitFlags, out: Output): Promise<number> {
  const path = flags.out ?? DEFAULT_CONFIG_FILE;
  if (existsSync(path) && !flags.force) {
    out.error(`${path} exists; pass --force to overwrite it.`);
    return 1;
  }
  const answers: Partial<Record<Field, string>> = {
    userPoolId: flags.pool,
    region: flags.region,
    domain: flags.domain,
    clientId: flags.clientId,
    redirectUri: flags.redirectUri,
    logoutUri: flags.logoutUri,
  };
  const interactive = flags.interactive ?? Boolean(process.stdin.isTTY);
  let hasSecret = flags.secret ?? Boolean(flags.clientSecret || flags.clientSecretEnv);
  if (interactive) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      for (const q of QUESTIONS) {
        if (answers[q.field] !== undefined) continue;
        for (;;) {
          const answer = (await rl.question(`${q.question}: `)).trim();
          if (!answer && q.optional) break;
          const problem = check({ ...answers, [q.field]: answer }, q.field);
          if (!problem) {
            answers[q.field] = answer;
            break;
          }
          out.error(problem);
        }
      }
      if (flags.secret === undefined && !flags.clientSecret && !flags.clientSecretEnv) {
        hasSecret = /^y/i.test((await rl.question('Does the app client have a secret? (y/N): ')).trim());
      }
    } finally {
      rl.close();
    }
  }
  const secretEnv = flags.clientSecretEnv ?? 'COGNITO_CLIENT_SECRET';
  let emulatorIssuer = false;
  const file: ConfigFile = {
    userPoolId: answers.userPoolId ?? '',
    domain: answers.domain ?? '',
    clientId: answers.clientId ?? '',
    ...(answers.region ? { region: answers.region } : {}),
    ...(flags.clientSecret
      ? { clientSecret: flags.clientSecret }
      : hasSecret
        ? { clientSecret: { env: secretEnv } }
        : {}),
    ...(answers.redirectUri ? { redirectUri: answers.redirectUri } : {}),
    ...(answers.logoutUri ? { logoutUri: answers.logoutUri } : {}),
    ...(flags.scopes ? { scopes: flags.scopes } : {}),
    ...(flags.issuer ? { issuer: flags.issuer } : {}),
  };
  // Validate with core exactly as every command will load it (a placeholder stands in for an env-referenced secret).
  try {
    const settings = defineCognito({
      ...file,
      clientSecret: hasSecret || flags.clientSecret ? 'validation-placeholder' : undefined,
    } as never);
    // Core takes plain http only on loopback, which is the local emulator: its issuer is `<domain>/<pool>`, not Cognito's
    // `https://cognito-idp…` (unreachable from here), so doctor, verify and gateway work with the file as written.
    if (!file.issuer && settings.endpoints.domain.startsWith('http:')) {
      file.issuer = `${settings.endpoints.domain.replace(/\/+$/, '')}/${settings.userPoolId}`;
      emulatorIssuer = true;
    }
  } catch (error) {
    if (error instanceof CognitoConfigError) {
      out.error(`${error.message}\n(${error.code}; pass --${flagFor(error.field)} or run interactively)`);
      return 1;
    }
    throw error;
  }
  await writeConfigFile(path, file);
  if (out.json) out.data({ written: path, settings: file });
  else {
    out.line(`${out.paint('green', '✓')} wrote ${path}`);
    if (file.clientSecret && typeof file.clientSecret === 'object')
      out.line(`  the client secret is read from $${secretEnv} at run time (never stored in the file)`);
    if (flags.clientSecret)
      out.line(out.paint('yellow', '  the client secret is stored inline: keep this file out of version control'));
    if (emulatorIssuer)
      out.line(`  issuer ${file.issuer}: the local emulator's, as the domain is on loopback (--issuer to change it)`);
    out.line('  next: cognito-connect doctor');
  }
  return 0;
}

function check(answers: Partial<Record<Field, string>>, field: Field): string | undefined {
  try {
    defineCognito({
      userPoolId: answers.userPoolId ?? 'us-east-1_Placeholder1',
      domain: answers.domain ?? 'placeholder',
      clientId: answers.clientId ?? 'placeholder',
      ...pick(answers, field),
    } as never);
    return undefined;
  } catch (error) {
    return error instanceof CognitoConfigError && error.field === field ? error.message : undefined;
  }
}

function pick(answers: Partial<Record<Field, string>>, field: Field) {
  return field === 'region' || field === 'redirectUri' || field === 'logoutUri'
    ? { [field]: answers[field] || undefined, userPoolId: answers.userPoolId }
    : {};
}

function flagFor(field: string): string {
  return (
    {
      userPoolId: 'pool',
      clientId: 'client-id',
      redirectUri: 'redirect-uri',
      logoutUri: 'logout-uri',
      clientAuthMethod: 'client-secret',
    }[field] ?? field
  );
}
