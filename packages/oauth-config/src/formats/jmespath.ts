// JMESPath pieces for Grafana's role_attribute_path: a quoted identifier for a claim with a colon, raw string literals.

/** A quoted identifier (`"cognito:groups"`): a bare identifier cannot contain ":"; quoted ones use JSON string escapes. */
export function jmespathIdentifier(name: string): string {
  return JSON.stringify(name);
}

/**
 * A raw string literal (`'admins'`). Implementations disagree on escapes inside raw strings (go-jmespath, which Grafana
 * uses, and jmespath.js differ on `\\`), so values with ' or \ are refused rather than escaped.
 */
export function jmespathRawString(s: string): string {
  if (/['\\]/.test(s))
    throw new TypeError("jmespathRawString: ' and \\ cannot be written portably in a raw string literal");
  return `'${s}'`;
}
