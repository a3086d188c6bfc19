// Maps a verified Cognito profile to its users-permissions user: found by sub, linked by verified email, or created for one.
import { type CognitoProfile, requireGroup } from '@cognito-connect/core';
import { PluginError } from '../../errors.js';
import type { PluginOptions } from '../../options.js';
import { linkRefusal, revokeSessions } from './account-link.js';
import { targetRole } from './roles.js';
import type { Logger, Strapi, StrapiUser } from '../../strapi.js';

export const USER_UID = 'plugin::users-permissions.user';
/** The attribute this plugin adds to the users-permissions user: the Cognito `sub`, the one stable key of a pool user. */
export const SUB_ATTRIBUTE = 'cognitoSub';
/** `provider` of the users this plugin creates (what users-permissions' built-in Cognito provider wrote too). */
export const USER_PROVIDER = 'cognito';

const MIN_USERNAME = 3;
/** users-permissions' provider for email + password accounts. */
const LOCAL_PROVIDER = 'local';
/** users-permissions' origin in Strapi's session manager (refresh-token mode). */
const SESSION_ORIGIN = 'users-permissions';

interface AdvancedSettings {
  unique_email?: boolean;
  allow_register?: boolean;
  default_role?: string;
}

export interface Users {
  /** The user for this profile, after every check; creates or links on first sign-in and applies group roles. */
  signIn(profile: CognitoProfile, known?: StrapiUser | null): Promise<StrapiUser>;
  findBySub(sub: string): Promise<StrapiUser | null>;
}

/**
 * Username candidates, in order: the Cognito username (unless it is just the sub, as in pools that sign in by email), the email,
 * then `cognito-<sub>`, which only this user can hold. The first one free wins; no random suffixes.
 *
 * @example
 * ```ts
 * usernameCandidates(profile); // ['jane', 'jane@example.com', 'cognito-<sub>']
 * ```
 */
export function usernameCandidates(profile: CognitoProfile): string[] {
  const list = [
    profile.username !== profile.sub ? profile.username : undefined,
    profile.email?.toLowerCase(),
    `cognito-${profile.sub}`,
  ];
  return [...new Set(list.filter((c): c is string => typeof c === 'string' && c.length >= MIN_USERNAME))];
}

export function createUsers(strapi: Strapi, options: PluginOptions, log: Logger): Users {
  const users = () => strapi.db.query(USER_UID);
  const advanced = async () =>
    ((await strapi.store({ type: 'plugin', name: 'users-permissions' }).get({ key: 'advanced' })) ??
      {}) as AdvancedSettings;
  const findBySub = async (sub: string) =>
    (await users().findOne({ where: { [SUB_ATTRIBUTE]: sub }, populate: ['role'] })) as StrapiUser | null;

  const pickUsername = async (profile: CognitoProfile): Promise<string> => {
    const candidates = usernameCandidates(profile);
    for (const [index, candidate] of candidates.entries()) {
      if (!(await users().findOne({ where: { username: candidate } }))) {
        if (index > 0)
          log.info(
            `[cognito-connect] username "${candidates[0]}" belongs to another Strapi user; the new user is "${candidate}" (next candidate: email, then cognito-<sub>).`,
          );
        return candidate;
      }
    }
    throw new PluginError(
      'USERNAME_UNAVAILABLE',
      `Every username candidate for this user (${candidates.join(', ')}) is held by another Strapi user; rename one of them.`,
    );
  };

  const linkOrCreate = async (profile: CognitoProfile, settings: AdvancedSettings): Promise<StrapiUser> => {
    const email = profile.email?.toLowerCase();
    if (!email)
      throw new PluginError(
        'EMAIL_MISSING',
        'The Cognito user has no email; users-permissions needs one. Add the "email" scope and attribute to the app client.',
      );
    const sameEmail = (await users().findMany({ where: { email }, populate: ['role'] })) as StrapiUser[];
    if (sameEmail.length > 0) {
      if (!options.linkByEmail && !sameEmail.some((u) => u[SUB_ATTRIBUTE]))
        throw new PluginError('EMAIL_TAKEN', 'A Strapi account with this email already exists and linkByEmail is off.');
      if (sameEmail.length > 1)
        throw new PluginError(
          'EMAIL_TAKEN',
          'Several Strapi accounts share this email; link one by setting its cognitoSub.',
        );
      const [existing] = sameEmail as [StrapiUser];
      const refusal = linkRefusal(profile, {
        linkedSub: existing[SUB_ATTRIBUTE],
        hasPassword: Boolean(existing.password),
        confirmed: existing.confirmed === true,
        otherProvider: [LOCAL_PROVIDER, USER_PROVIDER].includes(existing.provider ?? LOCAL_PROVIDER)
          ? undefined
          : existing.provider,
      });
      if (refusal) throw refusal;
      // From now on only Cognito signs this account in: no password, no session opened before the link.
      const linked = (await users().update({
        where: { id: existing.id },
        data: { [SUB_ATTRIBUTE]: profile.sub, password: null },
        populate: ['role'],
      })) as StrapiUser;
      await revokeSessions(strapi, SESSION_ORIGIN, existing.id);
      log.info(
        `[cognito-connect] linked the existing Strapi user #${existing.id} to Cognito user ${profile.sub} by verified email; its earlier sessions were revoked.`,
      );
      return linked;
    }
    // A user can put anyone's address in their Cognito profile; an account created with it would squat the owner's email
    // (their own first sign-in then meets ALREADY_LINKED) and show it as confirmed.
    if (!profile.emailVerified)
      throw new PluginError(
        'EMAIL_NOT_VERIFIED',
        "Cognito has not verified this user's email; a Strapi account is only created for a verified email (email_verified).",
      );
    if (settings.allow_register === false)
      throw new PluginError(
        'REGISTRATION_CLOSED',
        'New sign-ups are disabled in Users & Permissions > Advanced settings.',
      );
    const role = await targetRole(strapi, options, profile.groups, settings.default_role ?? 'authenticated');
    const created = await users().create({
      data: {
        username: await pickUsername(profile),
        email,
        provider: USER_PROVIDER,
        confirmed: true,
        blocked: false,
        role: role.id,
        [SUB_ATTRIBUTE]: profile.sub,
      },
      populate: ['role'],
    });
    return created as StrapiUser;
  };

  return {
    findBySub,
    async signIn(profile, known) {
      requireGroup(profile.groups, options.requiredGroups);
      const settings = await advanced();
      let user = known ?? (await findBySub(profile.sub)) ?? (await linkOrCreate(profile, settings));
      if (user.blocked)
        throw new PluginError('USER_BLOCKED', 'This Strapi account has been blocked by an administrator.');
      // With groupRoles the role follows Cognito on every sign-in; without, the role stays the administrator's choice.
      if (Object.keys(options.groupRoles).length > 0) {
        const role = await targetRole(strapi, options, profile.groups, settings.default_role ?? 'authenticated');
        if (user.role?.id !== role.id) {
          user = (await users().update({
            where: { id: user.id },
            data: { role: role.id },
            populate: ['role'],
          })) as StrapiUser;
        }
      }
      return user;
    },
  };
}
