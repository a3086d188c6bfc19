// The one group rule: a user passes when in at least one of the required Cognito groups (TOKEN_GROUP_REQUIRED otherwise).
import { COGNITO_CLAIMS, groupsOf } from './claims.js';
import { CognitoTokenError } from './errors.js';

/** Whose groups a group rule judges: verified token claims (their `cognito:groups`), or a profile's `groups` list. */
export type GroupSource = Record<string, unknown> | readonly string[];

/**
 * True when `required` is empty, or the user's groups (from the claims' `cognito:groups`, or a profile's `groups`)
 * hold at least one of the required groups.
 *
 * @example
 * ```ts
 * import { inRequiredGroup } from '@cognito-connect/core';
 * inRequiredGroup({ 'cognito:groups': ['editors'] }, ['admins', 'editors']); // true
 * inRequiredGroup(profile.groups, ['admins']); // a profile from profileFromClaims
 * ```
 */
export function inRequiredGroup(from: GroupSource, required: string | readonly string[]): boolean {
  const list = typeof required === 'string' ? [required] : required;
  if (list.length === 0) return true;
  const groups: readonly string[] = Array.isArray(from) ? from : groupsOf(from as Record<string, unknown>);
  return list.some((g) => groups.includes(g));
}

/**
 * Throws {@link CognitoTokenError} `TOKEN_GROUP_REQUIRED` (403 in core's table; `detail.expected` lists the groups)
 * unless the claims (or a profile's `groups`) pass {@link inRequiredGroup}. Verifiers apply it through their `groups`
 * option; adapters that hold claims or a profile call it directly instead of writing their own check.
 *
 * @example
 * ```ts
 * import { requireGroup } from '@cognito-connect/core';
 * requireGroup(result.idClaims, ['admins']); // throws TOKEN_GROUP_REQUIRED for anyone else
 * requireGroup(result.profile.groups, ['admins']); // the same rule on a profile's groups
 * ```
 */
export function requireGroup(from: GroupSource, required: string | readonly string[]): void {
  if (inRequiredGroup(from, required)) return;
  const list = typeof required === 'string' ? [required] : required;
  throw new CognitoTokenError(
    'TOKEN_GROUP_REQUIRED',
    `The user is in none of the required groups (${list.join(', ')}).`,
    { claim: COGNITO_CLAIMS.groups, expected: list },
  );
}
