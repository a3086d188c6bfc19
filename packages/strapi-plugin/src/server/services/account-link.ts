// The one rule for linking an existing Strapi account to a Cognito user by email: both sides must have proven the email.
import type { CognitoProfile } from '@cognito-connect/core';
import { PluginError } from '../../errors.js';
import type { Strapi } from '../../strapi.js';

/**
 * What the rule needs to know about an existing account (a users-permissions user or an admin user), in neutral terms.
 */
export interface LinkCandidate {
  /** The Cognito `sub` the account is already linked to, if any. */
  linkedSub?: string | null | undefined;
  /** The account can sign in with a password of its own (anyone could have chosen that password at registration). */
  hasPassword: boolean;
  /** The platform confirmed the account: users-permissions' `confirmed`, an admin user's `isActive`. */
  confirmed: boolean;
  /** The account was created through another identity provider (e.g. `github`), whose email check we cannot see. */
  otherProvider?: string | undefined;
}

/** What a refusal tells the user to do, in the words of the platform whose account it is. */
export interface LinkRemedies {
  /** What the account is called: "Strapi account", "admin account". */
  account: string;
  /** How an administrator frees an account linked to another Cognito user. */
  alreadyLinked: string;
  /** How an administrator links (or removes) an account the rule refused. */
  refused: string;
}

/** The users-permissions side's remedies (the default). */
export const USERS_PERMISSIONS_REMEDIES: LinkRemedies = {
  account: 'Strapi account',
  alreadyLinked: 'an administrator must clear its cognitoSub first.',
  refused:
    'An administrator who has checked that it belongs to this person can link it by setting its cognitoSub (the password then stops working), or delete it.',
};

/**
 * Why `candidate` must NOT be linked to the Cognito user behind `profile` by email, or `undefined` when it may be.
 * An account may be linked only when Cognito verified the email and the account itself cannot have been claimed by
 * someone else: it is not linked yet, has no password of its own, is confirmed, and came from no other identity provider.
 * Linking must then also end the account's other ways in: see {@link revokeSessions}.
 *
 * @example
 * ```ts
 * const refusal = linkRefusal(profile, { linkedSub: user.cognitoSub, hasPassword: Boolean(user.password), confirmed: user.confirmed === true });
 * if (refusal) throw refusal;
 * ```
 */
export function linkRefusal(
  profile: CognitoProfile,
  candidate: LinkCandidate,
  remedies: LinkRemedies = USERS_PERMISSIONS_REMEDIES,
): PluginError | undefined {
  if (candidate.linkedSub) {
    return new PluginError(
      'ALREADY_LINKED',
      `The ${remedies.account} with this email is linked to another Cognito user; ${remedies.alreadyLinked}`,
    );
  }
  if (!profile.emailVerified) {
    return new PluginError(
      'EMAIL_NOT_VERIFIED',
      'A Strapi account with this email already exists; it is linked to a Cognito user only when Cognito has verified the email (email_verified).',
    );
  }
  const why = candidate.hasPassword
    ? 'it has a password of its own (anyone can register an email they do not own)'
    : !candidate.confirmed
      ? 'it is not confirmed'
      : candidate.otherProvider
        ? `it was created through the "${candidate.otherProvider}" provider`
        : undefined;
  if (!why) return undefined;
  return new PluginError(
    'LINK_REFUSED',
    `${/^[aeiou]/i.test(remedies.account) ? 'An' : 'A'} ${remedies.account} with this email exists, but it is not linked automatically: ${why}. ${remedies.refused}`,
  );
}

/**
 * Ends every session and refresh token of an account on `origin` (`'users-permissions'` or `'admin'`), in Strapi's own
 * session store; a no-op on a Strapi without one. Called when an account is linked, so nobody keeps a session opened
 * before the link.
 *
 * @example
 * ```ts
 * await revokeSessions(strapi, 'users-permissions', user.id);
 * ```
 */
export async function revokeSessions(strapi: Strapi, origin: string, userId: number | string): Promise<void> {
  await strapi.sessionManager?.(origin).invalidateRefreshToken(String(userId));
}
