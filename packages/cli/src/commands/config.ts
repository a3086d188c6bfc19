// `cognito-connect config <target>`: a ready-to-paste configuration for a platform, from the settings file.
import { CliError } from '../errors.js';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { generateConfig, listTargets } from '@cognito-connect/oauth-config';
import { readConfigFile, settingsFromConfig } from '../config-file.js';
import { writeFileWithMode } from '../file-mode.js';
import type { Output } from '../output.js';

/** The options of `cognito-connect config` (`--config`, `--set`, `--secrets`, `--out`), as commander parsed them. */
export interface ConfigFlags {
  config?: string;
  set?: string[];
  out?: string;
  secrets?: 'inline' | 'env' | 'placeholder';
}

/** `--set gitlabUrl=https://gitlab.example.com` → `{ gitlabUrl: ... }`; values that parse as JSON (true, 3, [..]) are parsed. */
function parseSets(sets: string[] = []): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const pair of sets) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError('CLI_USAGE', `--set: expected key=value; got "${pair}".`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    if (/^(true|false|null|-?\d+(\.\d+)?|\[.*\]|\{.*\})$/.test(raw)) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    options[pair.slice(0, eq)] = value;
  }
  return options;
}

/**
 * `cognito-connect config [target]`: lists the targets, or prints (or writes to `--out`) one target's configuration
 * from the settings file. Resolves to the process exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runConfig('gitlab', { set: ['gitlabUrl=https://gitlab.example.com'] }, createOutput());
 * ```
 */
export async function runConfig(target: string | undefined, flags: ConfigFlags, out: Output): Promise<number> {
  if (!target) {
    const targets = listTargets();
    if (out.json) out.data(targets);
    else for (const t of targets) out.line(`  ${t.name.padEnd(16)} ${t.description}`);
    return 0;
  }
  const file = await readConfigFile(flags.config);
  const secrets = flags.secrets ?? 'env';
  // Only an inline secret needs the real value; env references and placeholders never read it.
  const settings = settingsFromConfig(file, { secretsNeeded: secrets === 'inline' });
  const options = appClientDefaults(target, file, {
    ...(file.platforms?.[target] ?? {}),
    ...parseSets(flags.set),
    secrets,
  });
  const generated = generateConfig(target, settings, options);
  if (flags.out) {
    for (const f of generated.files) {
      const path = join(flags.out, f.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFileWithMode(path, f.contents, secrets === 'inline' ? 0o600 : 0o644);
    }
  }
  if (out.json) {
    out.data(generated);
    return 0;
  }
  for (const f of generated.files) {
    if (flags.out) out.line(`${out.paint('green', '✓')} ${join(flags.out, f.path)} — ${f.description}`);
    else {
      out.line(out.paint('bold', `# ${f.path} — ${f.description}`));
      out.line(f.contents.trimEnd());
      out.line();
    }
  }
  out.line(out.paint('bold', 'Register on the Cognito app client:'));
  for (const url of generated.callbackUrls) out.line(`  callback URL  ${url}`);
  for (const url of generated.logoutUrls) out.line(`  sign-out URL  ${url}`);
  for (const note of generated.notes) out.line(`  • ${note}`);
  return 0;
}

/**
 * The app-client targets (aws-cli, cloudformation, terraform) need callback URLs: without `for` or `callbackUrls`, the
 * settings file's own `redirectUri` (and `logoutUri`) are the app client it describes.
 */
function appClientDefaults(
  target: string,
  file: { redirectUri?: string; logoutUri?: string },
  options: Record<string, unknown>,
): Record<string, unknown> {
  const schema = listTargets().find((t) => t.name === target)?.options as { properties?: object } | undefined;
  const properties = schema?.properties ?? {};
  if (!('callbackUrls' in properties) || options.for !== undefined || options.callbackUrls !== undefined)
    return options;
  if (!file.redirectUri) return options;
  return {
    ...options,
    callbackUrls: [file.redirectUri],
    ...(file.logoutUri && options.logoutUrls === undefined ? { logoutUrls: [file.logoutUri] } : {}),
  };
}
