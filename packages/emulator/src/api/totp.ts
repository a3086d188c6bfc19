// TOTP (RFC 6238) as Cognito's software-token MFA uses it: base32 secrets, six digits, 30-second steps.
import { Secret, TOTP } from 'otpauth';

/** A new base32 secret, as AssociateSoftwareToken's `SecretCode`. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** What Cognito says to a wrong software-token code, in the API (`CodeMismatchException`) and the hosted UI alike. */
export const TOTP_MISMATCH = 'Invalid code received for user';

/** True when `code` is the secret's code for `nowMs`, or one step either side (clock drift). */
export function checkTotp(secret: string, code: string, nowMs: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.validate({ token: code, timestamp: nowMs, window: 1 }) !== null;
}
