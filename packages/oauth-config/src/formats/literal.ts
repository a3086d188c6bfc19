// One writer for the nested literals of Ruby, Python and JavaScript config files; each dialect supplies its quoting.
import { SecretValue } from '../secrets.js';

export interface LiteralDialect {
  /** A string literal that evaluates to exactly `s`. */
  string(s: string): string;
  /** How a mapping key is followed by its value: `"key" => ` or `"key": `. */
  keySeparator: string;
  true: string;
  false: string;
  null: string;
  /** An expression reading an environment variable (secrets: "env"). */
  env(name: string): string;
}

const scalar = (v: unknown) =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v) || v instanceof SecretValue;

/** Writes plain data (objects, arrays, strings, finite numbers, booleans, null, secrets) as a pretty-printed literal. */
export function writeLiteral(value: unknown, dialect: LiteralDialect, indent = 0): string {
  const pad = '  '.repeat(indent + 1);
  const close = '  '.repeat(indent);
  if (value instanceof SecretValue)
    return value.mode === 'env' ? dialect.env(value.envVar) : dialect.string(value.text());
  if (value === null || value === undefined) return dialect.null;
  if (typeof value === 'string') return dialect.string(value);
  if (typeof value === 'boolean') return value ? dialect.true : dialect.false;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('writeLiteral: only finite numbers can be written');
    return String(value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(scalar)) return `[${value.map((v) => writeLiteral(v, dialect)).join(', ')}]`;
    return `[\n${value.map((v) => pad + writeLiteral(v, dialect, indent + 1)).join(',\n')}\n${close}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const lines = entries.map(
      ([k, v]) => `${pad}${dialect.string(k)}${dialect.keySeparator}${writeLiteral(v, dialect, indent + 1)}`,
    );
    return `{\n${lines.join(',\n')}\n${close}}`;
  }
  throw new TypeError(`writeLiteral: cannot write a ${typeof value}`);
}
