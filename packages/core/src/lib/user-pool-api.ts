// The one user-pool API call core makes: GetUser, for the attributes behind an access token that userInfo refuses.
import { cognitoApiTarget } from './endpoints.js';
import { fetchJson } from './http.js';

interface GetUserResponse {
  Username?: unknown;
  UserAttributes?: unknown;
}

/**
 * The user's attributes as userInfo shows them (`sub`, `email`, `email_verified: "true"`, …, `username`), read with
 * `GetUser`. Cognito's userInfo refuses the access tokens its user-pool API issues (Amplify, `InitiateAuth`: no
 * `openid` scope), while `GetUser` accepts exactly those (scope `aws.cognito.signin.user.admin`).
 */
export async function getUserAttributes(
  apiUrl: string,
  accessToken: string,
  options: { fetch?: typeof fetch | undefined; timeoutMs?: number | undefined },
): Promise<Record<string, unknown>> {
  const body = (await fetchJson(apiUrl, {
    ...options,
    what: "the user's attributes (GetUser)",
    post: {
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': cognitoApiTarget('GetUser') },
      body: JSON.stringify({ AccessToken: accessToken }),
    },
  })) as GetUserResponse;
  const attributes = Array.isArray(body.UserAttributes) ? body.UserAttributes : [];
  const info: Record<string, unknown> = {};
  for (const attribute of attributes as { Name?: unknown; Value?: unknown }[])
    if (typeof attribute?.Name === 'string' && typeof attribute.Value === 'string')
      info[attribute.Name] = attribute.Value;
  if (typeof body.Username === 'string') info.username = body.Username;
  return info;
}
