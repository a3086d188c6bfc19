// The user-pool API's failures, spelled as Cognito answers them: HTTP 400 with `__type` and `message`.

/** The `__type` values the emulator answers with, as AWS names them. */
export type ApiErrorType =
  | 'AliasExistsException'
  | 'CodeMismatchException'
  | 'EnableSoftwareTokenMFAException'
  | 'ExpiredCodeException'
  | 'GroupExistsException'
  | 'InvalidParameterException'
  | 'InvalidPasswordException'
  | 'InvalidUserPoolConfigurationException'
  | 'LimitExceededException'
  | 'NotAuthorizedException'
  | 'PasswordResetRequiredException'
  | 'ResourceNotFoundException'
  | 'SerializationException'
  | 'SoftwareTokenMFANotFoundException'
  | 'UnauthorizedException'
  | 'UnknownOperationException'
  | 'UnsupportedTokenTypeException'
  | 'UserLambdaValidationException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
  | 'UsernameExistsException';

/** One API failure; the router turns it into `{ "__type": type, "message": message }` with status 400. */
export class ApiError extends Error {
  constructor(
    readonly type: ApiErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const userNotFound = (): ApiError => new ApiError('UserNotFoundException', 'User does not exist.');
/** Cognito's answer when user-existence errors are prevented (the default for new pools) and to a wrong password. */
export const badCredentials = (): ApiError => new ApiError('NotAuthorizedException', 'Incorrect username or password.');
export const invalidParameter = (message: string): ApiError => new ApiError('InvalidParameterException', message);
