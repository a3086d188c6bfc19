// SMS and e-mail MFA codes: sent to the outbox (the emulator's log and the admin API's codes) at sign-in, checked once.
import type { User } from '../user-pool.js';
import { maskedDestination } from './attributes.js';
import type { ApiState } from './state.js';

/** The factors whose code the user pool sends (an SMS text or an e-mail), as opposed to a code from an app. */
export type SentCodeFactor = 'SMS_MFA' | 'EMAIL_OTP';

/** Whether a step is one whose code the pool sends. *
 * @example
 * ```ts
 * isSentCodeFactor('EMAIL_OTP'); // true
 * ```
 */
export const isSentCodeFactor = (step: string | undefined): step is SentCodeFactor =>
  step === 'SMS_MFA' || step === 'EMAIL_OTP';

/** Where a factor's code goes: the medium and the attribute holding the address. */
const CHANNEL = {
  SMS_MFA: { medium: 'SMS', attribute: 'phone_number' },
  EMAIL_OTP: { medium: 'EMAIL', attribute: 'email' },
} as const;

/** The attribute a factor's code is sent to, which a user must have to enable it. *
 * @example
 * ```ts
 * deliveryAttribute('SMS_MFA'); // "phone_number"
 * ```
 */
export const deliveryAttribute = (factor: SentCodeFactor): 'phone_number' | 'email' => CHANNEL[factor].attribute;

/**
 * Sends a new code for `factor` (replacing an older one) and returns what Cognito's challenge says about it:
 * `CODE_DELIVERY_DELIVERY_MEDIUM` and the masked `CODE_DELIVERY_DESTINATION`.
 *
 * @example
 * ```ts
 * const parameters = sendMfaCode(api.state, user, 'SMS_MFA'); // { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', … }
 * ```
 */
export function sendMfaCode(
  state: ApiState,
  user: User,
  factor: SentCodeFactor,
): { CODE_DELIVERY_DELIVERY_MEDIUM: string; CODE_DELIVERY_DESTINATION: string } {
  state.issueCode(user.username, factor);
  const { medium } = CHANNEL[factor];
  return { CODE_DELIVERY_DELIVERY_MEDIUM: medium, CODE_DELIVERY_DESTINATION: maskedDestination(user, medium) };
}

/**
 * Checks and uses up the code; a right one also marks the address verified, as Cognito does: "When a user completes
 * their first MFA, Amazon Cognito marks their email address or phone number as verified."
 *
 * @example
 * ```ts
 * if (!useMfaCode(api.state, user, 'EMAIL_OTP', responses.EMAIL_OTP_CODE)) throw new ApiError(…);
 * ```
 */
export function useMfaCode(state: ApiState, user: User, factor: SentCodeFactor, code: string): boolean {
  if (!state.useMfaCode(user.username, factor, code)) return false;
  user.attributes[`${CHANNEL[factor].attribute}_verified`] = 'true';
  return true;
}
