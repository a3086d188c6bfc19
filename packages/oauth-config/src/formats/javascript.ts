// JavaScript literals for config modules (grant), where a secret can be read from process.env.
import { type LiteralDialect, writeLiteral } from './literal.js';

export const javascript: LiteralDialect = {
  // JSON string syntax is JavaScript string syntax (ES2019 allows U+2028/9 too).
  string: (s) => JSON.stringify(s),
  keySeparator: ': ',
  true: 'true',
  false: 'false',
  null: 'null',
  env: (name) => `process.env[${JSON.stringify(name)}]`,
};

export function javascriptLiteral(value: unknown, indent = 0): string {
  return writeLiteral(value, javascript, indent);
}
