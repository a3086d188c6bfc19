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

/**
 * The access token an Amplify-style app holds: `InitiateAuth` with `USER_PASSWORD_AUTH` for a client without a
 * secret (scope `aws.cognito.signin.user.admin` only, no `openid`).
 *
 * @example
 * ```ts
 * const accessToken = await apiAccessToken(emulator.url, 'public_spa_client', { username: 'alice', password });
 * ```
 */
export async function apiAccessToken(
  endpoint: string,
  clientId: string,
  user: { username: string; password: string },
): Promise<string> {
  const answer = await cognitoApi(endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
  });
  if (answer.status !== 200) throw new Error(`InitiateAuth answered ${answer.status}: ${await answer.text()}`);
  return ((await answer.json()) as { AuthenticationResult: { AccessToken: string } }).AuthenticationResult.AccessToken;
}
