// Ruby literals for gitlab.rb: double-quoted strings with interpolation disabled, hashes with string keys.
import { type LiteralDialect, writeLiteral } from './literal.js';

/**
 * A double-quoted Ruby string that evaluates to exactly `s`. JSON's escapes (\" \\ \n \t \uXXXX ...) mean the same in Ruby;
 * the one difference is interpolation, so `#` before `{`, `$` or `@` is escaped.
 */
export function rubyString(s: string): string {
  return JSON.stringify(s).replace(/#(?=[{$@])/g, '\\#');
}

export const ruby: LiteralDialect = {
  string: rubyString,
  keySeparator: ' => ',
  true: 'true',
  false: 'false',
  null: 'nil',
  env: (name) => `ENV.fetch(${rubyString(name)})`,
};

/** A Ruby expression for plain data (hashes get string keys, as GitLab's examples use). */
export function rubyLiteral(value: unknown, indent = 0): string {
  return writeLiteral(value, ruby, indent);
}
