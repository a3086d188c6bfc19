// Calls the emulator's user-pool API by hand (AWS JSON 1.1), for suites that do not carry the AWS SDK.

/**
 * `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<action>`, as the AWS SDK sends it.
 *
 * @example
 * ```ts
 * const answer = await cognitoApi(emulator.url, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters });
 * ```
 */
export function cognitoApi(endpoint: string, action: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(new URL('/', endpoint), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
  });
}
