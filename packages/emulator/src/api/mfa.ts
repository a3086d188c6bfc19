// MFA actions: AssociateSoftwareToken, VerifySoftwareToken (TOTP) and the preference for TOTP, SMS and e-mail MFA.
import { checkPool, existingUser, userOfAccessToken, type ApiContext } from './common.js';
import { ApiError, invalidParameter } from './errors.js';
import { required, type Body } from './input.js';
import type { Handlers } from './router.js';
import { MFA_ATTEMPTS, newTotpSecret, totpStep } from './totp.js';
import type { ChallengeSession } from './state.js';
import { enabledFactors, type MfaFactor, type User } from '../user-pool.js';
import { deliveryAttribute } from './mfa-code.js';

/**
 * Cognito's answer when the pool has no software-token MFA (here: `MfaConfiguration` `OFF`, which cannot be combined
 * with an MFA factor): "If you haven't activated TOTP software token MFA for the user pool, Amazon Cognito can't use
 * the token to associate or verify users" (developer guide, user-pool-settings-mfa-totp).
 */
function refuseWithoutTotp(api: ApiContext): void {
  if (api.ctx.pool.mfaConfiguration === 'OFF')
    throw new ApiError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been enabled by the userPool');
}

/** The settings objects of (Admin)SetUserMFAPreference, by the factor each one sets. */
const SETTINGS: Record<string, MfaFactor> = {
  SoftwareTokenMfaSettings: 'SOFTWARE_TOKEN_MFA',
  SMSMfaSettings: 'SMS_MFA',
  EmailMfaSettings: 'EMAIL_OTP',
};

/** Why `user` may not enable `factor` (nothing when it may). */
function checkCanEnable(api: ApiContext, user: User, factor: MfaFactor): void {
  if (factor === 'SOFTWARE_TOKEN_MFA') {
    refuseWithoutTotp(api);
    if (!user.totp) throw invalidParameter('User has not verified software token mfa');
    return;
  }
  // The emulator's own wording: AWS documents no message for SMS or e-mail MFA in a pool without MFA.
  if (api.ctx.pool.mfaConfiguration === 'OFF') throw invalidParameter(`${factor} is not enabled for the user pool`);
  // Cognito's answer to a factor without an address to send codes to.
  if (!user.attributes[deliveryAttribute(factor)])
    throw invalidParameter(`User does not have delivery config set to turn on ${factor}`);
}

/**
 * Applies `SoftwareTokenMfaSettings`, `SMSMfaSettings` and `EmailMfaSettings` (`Enabled`, `PreferredMfa`), all checked
 * before any is applied: enabling TOTP needs a verified token, SMS a `phone_number`, e-mail an `email`, and any factor
 * a pool with MFA, as in Cognito.
 */
function setPreference(api: ApiContext, user: User, body: Body): object {
  const changes: { factor: MfaFactor; enabled: boolean; preferred: unknown }[] = [];
  for (const [field, factor] of Object.entries(SETTINGS)) {
    const settings = body[field] as { Enabled?: unknown; PreferredMfa?: unknown } | null | undefined;
    // amazon-cognito-identity-js sends `null` for the settings it leaves alone.
    if (settings === undefined || settings === null) continue;
    if (typeof settings !== 'object') throw invalidParameter(`${field} must be an object`);
    const enabled = settings.Enabled === true || settings.PreferredMfa === true;
    if (enabled) checkCanEnable(api, user, factor);
    changes.push({ factor, enabled, preferred: settings.PreferredMfa });
  }
  for (const { factor, enabled, preferred } of changes) {
    if (factor === 'SOFTWARE_TOKEN_MFA' && user.totp) user.totp.enabled = enabled;
    if (factor === 'SMS_MFA') user.smsMfa = enabled;
    if (factor === 'EMAIL_OTP') user.emailMfa = enabled;
    if (preferred === true) user.preferredMfa = factor;
    else if (user.preferredMfa === factor && (preferred === false || !enabled)) user.preferredMfa = undefined;
  }
  return {};
}

/** The live MFA_SETUP challenge behind `Session`; any other session is refused. */
function setupSession(api: ApiContext, id: string): { id: string; session: ChallengeSession } {
  const session = api.state.challengeOf(id);
  if (session.challenge !== 'MFA_SETUP')
    throw new ApiError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
  return { id, session };
}

/** The MFA actions, by name. */
export const mfaActions: Handlers = {
  async AssociateSoftwareToken(api, body) {
    if (body.Session !== undefined && body.AccessToken !== undefined)
      throw invalidParameter('Send AccessToken or Session, not both');
    if (body.Session !== undefined) {
      // MFA_SETUP during a sign-in: the secret travels with a new session.
      const { id, session } = setupSession(api, required(body, 'Session'));
      api.state.endChallenge(id);
      const secret = newTotpSecret();
      return { SecretCode: secret, Session: api.state.startChallenge({ ...session, totpSecret: secret, failures: 0 }) };
    }
    const { user } = await userOfAccessToken(api, required(body, 'AccessToken'));
    refuseWithoutTotp(api);
    const secret = newTotpSecret();
    api.state.pendingTotp.set(user.username.toLowerCase(), secret);
    return { SecretCode: secret };
  },
  async VerifySoftwareToken(api, body) {
    if (body.Session !== undefined && body.AccessToken === undefined) {
      const { id, session } = setupSession(api, required(body, 'Session'));
      const user = api.ctx.pool.user(session.username);
      if (!session.totpSecret || !user)
        throw new ApiError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
      const step = totpStep(session.totpSecret, required(body, 'UserCode'), api.ctx.clock.now());
      if (step === undefined) {
        api.state.failChallenge(id, session, MFA_ATTEMPTS);
        throw new ApiError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
      }
      api.state.endChallenge(id);
      // Set up during sign-in, the token is the user's MFA from now on.
      user.totp = { secret: session.totpSecret, enabled: true, lastUsedStep: step };
      const verified = { username: session.username, clientId: session.clientId, challenge: 'MFA_SETUP' as const };
      return { Status: 'SUCCESS', Session: api.state.startChallenge({ ...verified, verified: true }) };
    }
    const { user } = await userOfAccessToken(api, required(body, 'AccessToken'));
    refuseWithoutTotp(api);
    const secret = api.state.pendingTotp.get(user.username.toLowerCase());
    if (!secret) throw new ApiError('EnableSoftwareTokenMFAException', 'Call AssociateSoftwareToken first');
    const step = totpStep(secret, required(body, 'UserCode'), api.ctx.clock.now());
    // Cognito's answer to a wrong code here (not CodeMismatchException), as its API returns it.
    if (step === undefined)
      throw new ApiError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
    api.state.pendingTotp.delete(user.username.toLowerCase());
    // The code that verified the token is used: it cannot answer the next sign-in's challenge too.
    user.totp = { secret, enabled: user.totp?.enabled ?? false, lastUsedStep: step };
    return { Status: 'SUCCESS' };
  },
  async SetUserMFAPreference(api, body) {
    const { user } = await userOfAccessToken(api, required(body, 'AccessToken'));
    return setPreference(api, user, body);
  },
  AdminSetUserMFAPreference(api: ApiContext, body) {
    checkPool(api, required(body, 'UserPoolId'));
    return setPreference(api, existingUser(api, required(body, 'Username')), body);
  },
};

/**
 * `UserMFASettingList` and `PreferredMfaSetting` for GetUser / AdminGetUser: the enabled factors, and the preferred
 * one (a single enabled factor is the preferred one).
 */
export function mfaView(user: User): { UserMFASettingList?: string[]; PreferredMfaSetting?: string } {
  const factors = enabledFactors(user);
  if (factors.length === 0) return {};
  const preferred = user.preferredMfa && factors.includes(user.preferredMfa) ? user.preferredMfa : undefined;
  const single = factors.length === 1 ? factors[0] : undefined;
  const shown = preferred ?? single;
  return { UserMFASettingList: factors, ...(shown ? { PreferredMfaSetting: shown } : {}) };
}
