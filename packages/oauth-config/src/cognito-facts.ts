// Claim and attribute names the generated configs point platforms at.
// TODO(core): these names belong in @cognito-connect/core (see the package README); import them once core exports them.

/** The ID and access token claim that lists the user's groups. */
export const GROUPS_CLAIM = 'cognito:groups';

/** The ID token claim with the user's name in the pool (the access token and userInfo call it `username`). */
export const ID_TOKEN_USERNAME_CLAIM = 'cognito:username';

/** Fields of the userInfo response (`settings.endpoints.userInfo`). `email_verified` arrives as the string "true"/"false". */
export const USERINFO_FIELDS = { subject: 'sub', email: 'email', emailVerified: 'email_verified', username: 'username' } as const;

/** The name of the user pool itself among an app client's supported identity providers. */
export const USER_POOL_PROVIDER = 'COGNITO';

/** The authorize parameter that sends users straight to a federated IdP. */
export const IDENTITY_PROVIDER_PARAM = 'identity_provider';
