// Python literals for superset_config.py.
import { type LiteralDialect, writeLiteral } from './literal.js';

/** A Python str literal that evaluates to exactly `s`: JSON string escapes are all valid Python escapes. */
export function pythonString(s: string): string {
  return JSON.stringify(s);
}

export const python: LiteralDialect = {
  string: pythonString,
  keySeparator: ': ',
  true: 'True',
  false: 'False',
  null: 'None',
  env: (name) => `os.environ[${pythonString(name)}]`,
};

export function pythonLiteral(value: unknown, indent = 0): string {
  return writeLiteral(value, python, indent);
}
