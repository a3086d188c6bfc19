// The CLI's own user errors (a bad flag, a service that would not start): one line, like every CognitoConnectError.
import { CognitoConnectError } from '@cognito-connect/core';

/**
 * A mistake in how a command was called, or a service it starts that failed: printed as one line, exit code 1.
 *
 * @example
 * ```ts
 * import { CliError } from 'cognito-connect';
 * throw new CliError('CLI_USAGE', '--at: expected an ISO date or epoch seconds.');
 * ```
 */
export class CliError extends CognitoConnectError {
  declare readonly code: 'CLI_USAGE' | 'CLI_SERVICE_FAILED';

  constructor(code: 'CLI_USAGE' | 'CLI_SERVICE_FAILED', message: string) {
    super(code, message);
  }
}
