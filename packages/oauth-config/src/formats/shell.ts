// POSIX shell words and commands (aws, occ, env files), quoted so `sh` hands the program exactly the intended strings.
import { SecretValue } from '../secrets.js';

const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word that expands to exactly `s`: bare when safe, otherwise single-quoted with ' written as '\''. */
export function shellWord(s: string): string {
  if (BARE.test(s) && !s.startsWith('=')) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A word for a secret: "$VAR" in env mode (expanded by the shell when the command runs), else the quoted text. */
export function shellSecret(secret: SecretValue): string {
  return secret.mode === 'env' ? `"$${secret.envVar}"` : shellWord(secret.text());
}

/** A word: a literal string, a secret, or already-quoted shell text. */
export type ShellArg = string | SecretValue | { raw: string };

function word(arg: ShellArg): string {
  if (arg instanceof SecretValue) return shellSecret(arg);
  if (typeof arg === 'string') return shellWord(arg);
  return arg.raw;
}

/** `--flag=value` as one word (for programs that prefer the joined form, like occ's optional-value options). */
export function flagEquals(flag: string, value: string | SecretValue): { raw: string } {
  if (!/^--[a-z][a-z0-9_-]*$/.test(flag)) throw new TypeError(`flagEquals: ${flag} is not a long option`);
  return { raw: `${flag}=${word(value)}` };
}

/** A command written one line per group of words, joined with `\` continuations. */
export function shellCommand(lines: ShellArg[][]): string {
  return lines
    .filter((line) => line.length > 0)
    .map((line) => line.map(word).join(' '))
    .join(' \\\n  ');
}

/**
 * A value for an environment file: bare, single-quoted, or (when it contains ' but nothing shells expand) double-quoted
 * with \" escapes, which `sh`, docker compose and systemd all read the same way; otherwise the shell's '\'' form.
 */
export function envFileWord(s: string): string {
  if (!s.includes("'") || /[$`\\!]/.test(s)) return shellWord(s);
  return `"${s.replace(/"/g, '\\"')}"`;
}

/** An environment file in shell syntax (`set -a; . ./file`): KEY=value lines; secrets in env mode become "${VAR}". */
export function writeEnvFile(
  entries: Array<[key: string, value: string | boolean | SecretValue | undefined]>,
  comment?: string,
): string {
  const out: string[] = comment ? [`# ${comment}`] : [];
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new TypeError(`writeEnvFile: ${key} is not an environment variable name`);
    const text =
      value instanceof SecretValue
        ? value.mode === 'env'
          ? `"\${${value.envVar}}"`
          : envFileWord(value.text())
        : envFileWord(String(value));
    out.push(`${key}=${text}`);
  }
  return `${out.join('\n')}\n`;
}
