// INI for grafana.ini, written only with values that Grafana's parser (go-ini) and common INI readers read back the same.
import { OAuthConfigError } from '../errors.js';
import { SecretValue } from '../secrets.js';

export type IniValue = string | number | boolean | SecretValue;

export interface IniSection {
  name: string;
  entries: Array<[key: string, value: IniValue | undefined]>;
}

const KEY = /^[a-z][a-z0-9_.]*$/;
// go-ini cuts a value at the first # or ; even inside quotes, and both go-ini and Grafana expand $__env{...} / ${...}.
const UNSAFE = /[#;\r\n\0]|\$__|\$\{/;

/**
 * One INI value as text. Plain values are written bare; a value with surrounding spaces or quotes at both ends is wrapped
 * in double quotes (both go-ini and npm `ini` strip them). Values no reader can agree on are refused, naming `key`.
 */
export function iniValue(key: string, value: IniValue, env: (name: string) => string): string {
  if (value instanceof SecretValue) return value.mode === 'env' ? env(value.envVar) : iniValue(key, value.text(), env);
  const text = String(value);
  if (UNSAFE.test(text)) {
    throw new OAuthConfigError(
      'VALUE_NOT_REPRESENTABLE',
      key,
      'contains #, ;, a line break or ${ which INI cannot carry literally; use the environment-variable form instead.',
    );
  }
  // go-ini strips a quote pair around a whole value and reads a leading backtick as a raw-string delimiter.
  if (text.includes('\\')) {
    throw new OAuthConfigError(
      'VALUE_NOT_REPRESENTABLE',
      key,
      'contains a backslash, which go-ini keeps and other INI readers treat as an escape.',
    );
  }
  const quotedEnds = /^(["']).*\1$/s.test(text) || text.startsWith('`');
  if (text !== text.trim() || quotedEnds) {
    if (text.includes('"')) {
      throw new OAuthConfigError(
        'VALUE_NOT_REPRESENTABLE',
        key,
        'starts with a quote or has surrounding spaces and also contains "; INI readers disagree on such values.',
      );
    }
    return `"${text}"`;
  }
  return text;
}

/** A whole INI document; `env` writes an environment reference for secrets in env mode (e.g. Grafana's `$__env{VAR}`). */
export function writeIni(sections: IniSection[], env: (name: string) => string, comment?: string): string {
  const out: string[] = comment ? [`# ${comment}`] : [];
  for (const section of sections) {
    if (out.length) out.push('');
    out.push(`[${section.name}]`);
    for (const [key, value] of section.entries) {
      if (value === undefined) continue;
      if (!KEY.test(key)) throw new OAuthConfigError('VALUE_NOT_REPRESENTABLE', key, 'is not a plain INI key.');
      out.push(`${key} = ${iniValue(key, value, env)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
