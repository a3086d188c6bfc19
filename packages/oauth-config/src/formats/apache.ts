// Apache httpd configuration directives (mod_auth_openidc's OIDC*), quoted the way Apache's own config reader unquotes them.
import { OAuthConfigError } from '../errors.js';
import { SecretValue } from '../secrets.js';

/** One directive argument: a literal string, a secret, or text written as it is (a number, a keyword). */
export type ApacheArg = string | SecretValue | { raw: string };

/** A directive (`[name, ...args]`), a `<Section arg>` with its directives, a `# comment`, or a blank line. */
export type ApacheLine =
  [string, ...ApacheArg[]] | { section: string; arg: string; body: ApacheLine[] } | { comment: string } | '';

// Apache expands ${NAME} anywhere on a line before it reads arguments, and a line ends at a newline.
// eslint-disable-next-line no-control-regex -- control characters are what Apache cannot read back
const UNWRITABLE = /\$\{|[\u0000-\u001f\u007f]/;

/**
 * A double-quoted argument that Apache reads back as exactly `s` (`\` and `"` escaped, as `ap_getword_conf` unescapes).
 * Throws for text Apache would change: `${` (variable expansion) and control characters.
 */
export function apacheString(s: string, what = 'value'): string {
  if (UNWRITABLE.test(s)) {
    throw new OAuthConfigError(
      'VALUE_NOT_REPRESENTABLE',
      what,
      'contains "${" or a control character, which Apache would expand or cut; remove it.',
    );
  }
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function arg(value: ApacheArg, directive: string): string {
  // Apache replaces ${NAME} with the environment variable when it reads the configuration (apache2ctl sources envvars).
  if (value instanceof SecretValue) return value.mode === 'env' ? `"\${${value.envVar}}"` : apacheString(value.text());
  if (typeof value === 'string') return apacheString(value, directive);
  return value.raw;
}

/** Writes directives, sections and comments, indenting section bodies by two spaces. */
export function writeApache(lines: ApacheLine[], indent = ''): string {
  return lines
    .map((line) => {
      if (line === '') return '';
      if (Array.isArray(line)) {
        const [name, ...args] = line;
        return `${indent}${[name, ...args.map((a) => arg(a, name))].join(' ')}`;
      }
      if ('comment' in line) return `${indent}# ${line.comment}`;
      return [
        `${indent}<${line.section} ${apacheString(line.arg, line.section)}>`,
        writeApache(line.body, `${indent}  `),
        `${indent}</${line.section}>`,
      ].join('\n');
    })
    .join('\n');
}
