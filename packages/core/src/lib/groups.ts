// The one group rule: a user passes when in at least one of the required Cognito groups (TOKEN_GROUP_REQUIRED otherwise).
import { COGNITO_CLAIMS, groupsOf } from './claims.js';
import { CognitoTokenError } from './errors.js';

/**
 * True when `required` is empty, or the claims' `cognito:groups` hold at least one of the required groups.
 *
 * @example
 * ```ts
 * import { inRequiredGroup } from '@cognito-connect/core';
 * inRequiredGroup({ 'cognito:groups': ['editors'] }, ['admins', 'editors']); // true
 * ```
 */
export function inRequiredGroup(claims: Record<string, unknown>, required: string | readonly string[]): boolean {
  const list = typeof required === 'string' ? [required] : required;
  if (list.length === 0) return true;
  const groups = groupsOf(claims);
  return list.some((g) => groups.includes(g));
}

/**
 * Throws {@link CognitoTokenError} `TOKEN_GROUP_REQUIRED` (403 in core's table; `detail.expected` lists the groups)
 * unless the claims pass {@link inRequiredGroup}. Verifiers apply it through their `groups` option; adapters that
 * hold claims already call it directly instead of writing their own check.
 *
 * @example
 * ```ts
 * import { requireGroup } from '@cognito-connect/core';
 * requireGroup(result.idClaims, ['admins']); // throws TOKEN_GROUP_REQUIRED for anyone else
 * ```
 */
export function requireGroup(claims: Record<string, unknown>, required: string | readonly string[]): void {
  if (inRequiredGroup(claims, required)) return;
  const list = typeof required === 'string' ? [required] : required;
  throw new CognitoTokenError(
    'TOKEN_GROUP_REQUIRED',
    `The user is in none of the required groups (${list.join(', ')}).`,
    { claim: COGNITO_CLAIMS.groups, expected: list },
  );
}
