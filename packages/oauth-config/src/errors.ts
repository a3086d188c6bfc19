// Option mistakes are values with a code and the option's name, like core's settings errors.

export type OAuthConfigErrorCode = 'OPTION_INVALID' | 'TARGET_UNKNOWN' | 'VALUE_NOT_REPRESENTABLE';

/** A generator option that cannot work. `option` names it (dotted for nested options); the message says what was expected. */
export class OAuthConfigError extends Error {
  readonly code: OAuthConfigErrorCode;
  readonly option: string;

  constructor(code: OAuthConfigErrorCode, option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'OAuthConfigError';
    this.code = code;
    this.option = option;
  }
}
