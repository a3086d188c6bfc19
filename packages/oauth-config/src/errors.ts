// Option mistakes are values with a code and the option's name, like core's settings errors.
import { CognitoConnectError } from '@cognito-connect/core';

export type OAuthConfigErrorCode = 'OPTION_INVALID' | 'TARGET_UNKNOWN' | 'VALUE_NOT_REPRESENTABLE';

/**
 * A generator option that cannot work. `option` names it (dotted for nested options); the message says what was
 * expected. A user's mistake: it shares core's `CognitoConnectError` base, so a CLI prints it as one line.
 *
 * @example
 * ```ts
 * import { OAuthConfigError, generateConfig } from '@cognito-connect/oauth-config';
 * try { generateConfig('gitlab', settings, { url: 'ftp://x' }); } catch (e) { if (e instanceof OAuthConfigError) console.error(e.option); }
 * ```
 */
export class OAuthConfigError extends CognitoConnectError {
  declare readonly code: OAuthConfigErrorCode;
  readonly option: string;

  constructor(code: OAuthConfigErrorCode, option: string, message: string) {
    super(code, `${option}: ${message}`);
    this.option = option;
  }
}
