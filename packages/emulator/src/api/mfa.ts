// Software-token (TOTP) MFA: AssociateSoftwareToken, VerifySoftwareToken and the MFA preference actions.
import { checkPool, existingUser, userOfAccessToken, type ApiContext } from './common.js';
import { ApiError, invalidParameter } from './errors.js';
import { required, type Body } from './input.js';
import type { Handlers } from './router.js';
import { newTotpSecret, totpStep } from './totp.js';
import type { User } from '../user-pool.js';

/** Applies `SoftwareTokenMfaSettings`; enabling needs a verified token, as in Cognito. */
function setPreference(user: User, body: Body): object {
  const settings = body.SoftwareTokenMfaSettings as { Enabled?: unknown; PreferredMfa?: unknown } | undefined;
  if (settings === undefined) return {};
  if (typeof settings !== 'object' || settings === null)
    throw invalidParameter('SoftwareTokenMfaSettings must be an object');
  const enabled = settings.Enabled === true || settings.PreferredMfa === true;
  if (enabled && !user.totp) throw invalidParameter('User has not verified software token mfa');
  if (user.totp) user.totp.enabled = enabled;
  return {};
}

/** The MFA actions, by name. */
export const mfaActions: Handlers = {
  async AssociateSoftwareToken(api, body) {
    if (body.Session !== undefined && body.AccessToken === undefined)
      throw invalidParameter('The emulator associates software tokens for signed-in users only: send AccessToken');
    const { user } = await userOfAccessToken(api, required(body, 'AccessToken'));
    const secret = newTotpSecret();
    api.state.pendingTotp.set(user.username.toLowerCase(), secret);
    return { SecretCode: secret };
  },
  async VerifySoftwareToken(api, body) {
    const { user } = await userOfAccessToken(api, required(body, 'AccessToken'));
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
    return setPreference(user, body);
  },
  AdminSetUserMFAPreference(api: ApiContext, body) {
    checkPool(api, required(body, 'UserPoolId'));
    return setPreference(existingUser(api, required(body, 'Username')), body);
  },
};

/** `UserMFASettingList` and `PreferredMfaSetting` for GetUser / AdminGetUser. */
export function mfaView(user: User): { UserMFASettingList?: string[]; PreferredMfaSetting?: string } {
  return user.totp?.enabled
    ? { UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' }
    : {};
}
