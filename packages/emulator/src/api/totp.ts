// TOTP (RFC 6238) as Cognito's software-token MFA uses it: base32 secrets, six digits, 30-second steps, each code
// accepted once.
import { Secret, TOTP } from 'otpauth';
import { toDataURL } from 'qrcode';

/** A new base32 secret, as AssociateSoftwareToken's `SecretCode`. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The `otpauth://` URI an authenticator app reads (usually from a QR code) to add the secret for `account`. */
export const totpUri = (secret: string, issuer: string, account: string): string =>
  new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), digits: 6, period: 30 }).toString();

/**
 * The `otpauth://` URI as a QR code: a `data:image/png;base64,` URL an authenticator app's camera reads.
 *
 * @example
 * ```ts
 * const img = await totpQrCode(totpUri(secret, 'My pool', 'alice')); // "data:image/png;base64,iVBOR…"
 * ```
 */
export const totpQrCode = (uri: string): Promise<string> =>
  toDataURL(uri, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2, width: 200 });

/** What Cognito says to a wrong software-token code, in the API (`CodeMismatchException`) and the hosted UI alike. */
export const TOTP_MISMATCH = 'Invalid code received for user';

/**
 * Wrong codes one MFA step takes before it ends (an API challenge `Session` or a hosted-UI MFA page): the next answer
 * gets "Invalid session for the user, session is expired." and the user signs in again. AWS does not publish this
 * figure; three is what the brief for this emulator names. Every wrong code also counts towards the user's lockout.
 */
export const MFA_ATTEMPTS = 3;

/** Seconds a code lasts. */
const PERIOD = 30;

/**
 * The time step (seconds since the epoch / 30) whose code `code` is, when it is the secret's code for `nowMs` or one
 * step either side (Cognito accepts a code "one 30-second window early or late to account for clock skew");
 * undefined for any other code.
 */
export function totpStep(secret: string, code: string, nowMs: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: PERIOD, algorithm: 'SHA1' });
  const delta = totp.validate({ token: code, timestamp: nowMs, window: 1 });
  return delta === null ? undefined : Math.floor(nowMs / 1000 / PERIOD) + delta;
}

/** A user's software token: its secret and the step of the last code it accepted. */
export interface UsableToken {
  readonly secret: string;
  /** The time step of the last accepted code; a code of this step or an earlier one is refused. */
  lastUsedStep?: number | undefined;
}

/**
 * Checks `code` against the token and uses it up: true when it is the token's code for now (one step of drift either
 * side) and of a later step than every code accepted before. RFC 6238 §5.2: "The verifier MUST NOT accept the second
 * attempt of the OTP after the successful validation has been issued for the first OTP". Remembering the step, not the
 * code, also refuses an older code that the drift window would still accept after a newer one was used.
 */
export function useTotp(token: UsableToken, code: string, nowMs: number): boolean {
  const step = totpStep(token.secret, code, nowMs);
  if (step === undefined || (token.lastUsedStep !== undefined && step <= token.lastUsedStep)) return false;
  token.lastUsedStep = step;
  return true;
}
