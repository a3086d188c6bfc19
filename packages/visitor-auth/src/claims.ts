// The explicit allow-list of verified Cognito claims a visitor token may carry, so nothing leaks into it by default.
import { COGNITO_CLAIMS, CognitoConfigError, TOKEN_BOOKKEEPING_CLAIMS, verifiedClaims } from '@cognito-connect/core';

/**
 * Which verified claims go into the visitor token, and under what name.
 * Keys are claim names (`email`) or prefixes ending in `*` (`custom:*`); values are `true` to keep the name,
 * or the new name (`'cognito:groups': 'groups'`; for a prefix, a new prefix ending in `*`, e.g. `'custom:*': '*'` drops it).
 * An array is shorthand for `true` values: `['email', 'custom:*']`.
 */
export type ClaimMap = Readonly<Record<string, true | string>> | readonly string[];

/** The visitor's ID, email and groups (as `groups`): enough for adaptive content keyed on who and which team. */
export const DEFAULT_CLAIMS: Readonly<Record<string, true | string>> = Object.freeze({
  sub: true,
  email: true,
  [COGNITO_CLAIMS.groups]: 'groups',
});

/** Bookkeeping claims of the Cognito tokens; the visitor token sets its own `iat`/`exp`, so these are never copied or produced. */
const RESERVED = new Set(TOKEN_BOOKKEEPING_CLAIMS);

const NAME = /^[\w:.-]{1,128}$/;

interface Rule {
  from: string;
  to: string;
  prefix: boolean;
}

/** Copies allow-listed claims from verified token claims; never an email or phone number Cognito has not verified. */
export type ClaimPicker = (claims: Readonly<Record<string, unknown>>) => Record<string, unknown>;

function fail(field: string, message: string): never {
  throw new CognitoConfigError('CONFIG_INVALID_TYPE', field, message);
}

function toRule(key: string, value: unknown): Rule {
  const field = `claims[${JSON.stringify(key)}]`;
  const prefix = key.endsWith('*');
  const from = prefix ? key.slice(0, -1) : key;
  if (!NAME.test(from) || from.includes('*')) {
    fail(field, 'expected a claim name such as "email" or a prefix ending in "*" such as "custom:*".');
  }
  if (RESERVED.has(from))
    fail(field, `"${from}" is token bookkeeping, not a visitor attribute; the visitor token sets its own iat and exp.`);
  let to: string;
  if (value === true) to = from;
  else if (typeof value !== 'string')
    fail(field, `expected true (keep the name) or the new claim name; got ${typeof value}.`);
  else if (prefix) {
    if (!value.endsWith('*'))
      fail(field, `renames a prefix, so the new name must end in "*" too (e.g. "${from}*": "*" drops the prefix).`);
    to = value.slice(0, -1);
    if (to !== '' && !NAME.test(to)) fail(field, 'the new prefix may use letters, digits, "_", ":", "." and "-".');
  } else {
    to = value;
    if (!NAME.test(to) || to.includes('*'))
      fail(field, 'the new claim name may use letters, digits, "_", ":", "." and "-".');
  }
  if (!prefix && RESERVED.has(to)) fail(field, `cannot be renamed to "${to}", which the visitor token sets itself.`);
  return { from, to, prefix };
}

/**
 * Validates a claim map and returns the function that applies it; throws CognitoConfigError naming the bad entry. The
 * function leaves out an email or phone number whose `*_verified` claim is not true (core's verifiedClaims).
 *
 * @example
 * ```ts
 * const pick = compileClaims({ email: true, 'cognito:groups': 'groups', 'custom:*': true });
 * pick({ sub: 's', email: 'a@example.com', email_verified: true, 'cognito:groups': ['staff'], 'custom:team': 'docs' });
 * // { email: 'a@example.com', groups: ['staff'], 'custom:team': 'docs' }
 * ```
 */
export function compileClaims(map: ClaimMap = DEFAULT_CLAIMS): ClaimPicker {
  if (typeof map !== 'object' || map === null)
    fail(
      'claims',
      `expected an object such as { "${COGNITO_CLAIMS.groups}": "groups" } or an array of claim names; got ${map === null ? 'null' : typeof map}.`,
    );
  const entries: Array<[string, unknown]> = Array.isArray(map)
    ? map.map((name: unknown) => {
        if (typeof name !== 'string') fail('claims', `expected claim names; got ${typeof name} in the array.`);
        return [name, true];
      })
    : Object.entries(map);
  const rules = entries.map(([key, value]) => toRule(key, value));
  return (tokenClaims) => {
    // A user can put anyone's email in their own tokens (unverified): the site must never be told it is theirs.
    const claims = verifiedClaims(tokenClaims);
    const picked: Record<string, unknown> = {};
    for (const rule of rules) {
      if (!rule.prefix) {
        if (claims[rule.from] !== undefined) picked[rule.to] = claims[rule.from];
        continue;
      }
      for (const [name, value] of Object.entries(claims)) {
        if (!name.startsWith(rule.from) || name.length === rule.from.length || value === undefined) continue;
        const to = rule.to + name.slice(rule.from.length);
        if (!RESERVED.has(to)) picked[to] = value;
      }
    }
    return picked;
  };
}

/**
 * Reads the one-line form used in configuration screens: `email, cognito:groups=groups, custom:*`.
 * Returns undefined for an empty line (use the defaults).
 *
 * @example
 * ```ts
 * parseClaimList('email, cognito:groups=groups, custom:*');
 * // { email: true, 'cognito:groups': 'groups', 'custom:*': true }
 * ```
 */
export function parseClaimList(text: string | undefined): ClaimMap | undefined {
  const items = (text ?? '').split(/[\s,]+/).filter(Boolean);
  if (items.length === 0) return undefined;
  const map: Record<string, true | string> = {};
  for (const item of items) {
    const [from = '', to, extra] = item.split('=');
    if (extra !== undefined || to === '')
      fail('claims', `expected "claim" or "claim=newName"; got ${JSON.stringify(item.slice(0, 64))}.`);
    map[from] = to ?? true;
  }
  return map;
}
