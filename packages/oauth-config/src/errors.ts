// Option mistakes are values with a code and the option's name, like core's settings errors.
import { CognitoConnectError, type CognitoErrorDetail } from '@cognito-connect/core';

/** `OPTION_INVALID`: an option is wrong; `TARGET_UNKNOWN`: no such target; `VALUE_NOT_REPRESENTABLE`: a value a format cannot carry faithfully. */
export type OAuthConfigErrorCode = 'OPTION_INVALID' | 'TARGET_UNKNOWN' | 'VALUE_NOT_REPRESENTABLE';

/**
 * A generator option that cannot work. `option` names it (dotted for nested options); the message says what was
 * expected. A user's mistake: it shares core's `CognitoConnectError` base, so a CLI prints it as one line.
 *
 * @example
 * ```ts
 * import { OAuthConfigError, generateConfig } from '@cognito-connect/oauth-config';
 *
 * try {
 *   generateConfig('apache', settings, { siteUrl: 'wiki.example.com' });
 * } catch (error) {
 *   if (error instanceof OAuthConfigError && error.code === 'OPTION_INVALID') console.error(`fix ${error.option}: ${error.message}`);
 * }
 * ```
 */
export class OAuthConfigError extends CognitoConnectError {
  /** What kind of mistake (stable across releases). */
  declare readonly code: OAuthConfigErrorCode;
  /** The option to fix, e.g. `siteUrl` or `targetOptions.gitlabUrl`. */
  readonly option: string;
  /** As core's: `field` is the option, `problem` the message without the `option: ` prefix (to re-label it, not parse it). */
  readonly detail: CognitoErrorDetail;

  constructor(code: OAuthConfigErrorCode, option: string, message: string) {
    super(code, `${option}: ${message}`);
    this.option = option;
    this.detail = Object.freeze({ field: option, problem: message });
  }
}
