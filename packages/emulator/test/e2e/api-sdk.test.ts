// The user-pool API judged by the AWS SDK v3 (a client nobody here wrote): every action, AWS's error shapes, one pool.
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminResetUserPasswordCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ForgotPasswordCommand,
  GetGroupCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/index.js';
import { passwordSignIn as signInWithPassword, sdkClient, secretHash } from '../api-support.js';
import { tokenVerifier } from '../token-verifier.js';
import { ALICE, CONFIDENTIAL, PUBLIC_ID, claimsOf, exchange, signIn, startSeeded } from '../support.js';

let emulator: Emulator;
let sdk: CognitoIdentityProviderClient;
let pool: string;
beforeAll(async () => {
  emulator = await startSeeded();
  sdk = sdkClient(emulator);
  pool = emulator.userPoolId;
}, 60_000);
afterAll(() => emulator.stop());

const passwordSignIn = (username: string, password: string, clientId?: string) =>
  signInWithPassword(sdk, username, password, clientId);

const codeOf = (username: string, purpose: string) => {
  const found = emulator.admin.confirmationCodes(username).find((c) => c.purpose === purpose);
  if (!found) throw new Error(`no ${purpose} code for ${username}`);
  return found.code;
};

async function signUpConfirmed(username: string, password: string) {
  await sdk.send(
    new SignUpCommand({
      ClientId: PUBLIC_ID,
      Username: username,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  await sdk.send(
    new ConfirmSignUpCommand({ ClientId: PUBLIC_ID, Username: username, ConfirmationCode: codeOf(username, 'SignUp') }),
  );
}

describe('the wire format', () => {
  it('answers errors in AWS JSON 1.1: HTTP 400, __type and message', async () => {
    const response = await fetch(`${emulator.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: PUBLIC_ID,
        AuthParameters: { USERNAME: 'alice', PASSWORD: 'wrong' },
      }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('refuses an unknown action and a body that is not JSON', async () => {
    const post = (target: string, body: string) =>
      fetch(`${emulator.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body,
      });
    const unknown = await post('AWSCognitoIdentityProviderService.FlyToTheMoon', '{}');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const broken = await post('AWSCognitoIdentityProviderService.GetUser', '{not json');
    expect(await broken.json()).toMatchObject({ __type: 'SerializationException' });
  });
});

describe('sign-in', () => {
  it('signs in with USER_PASSWORD_AUTH; aws-jwt-verify accepts both tokens', async () => {
    const { AuthenticationResult: result } = await passwordSignIn(ALICE.username, ALICE.password);
    expect(result).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
    const access = await tokenVerifier(emulator, 'access', PUBLIC_ID).verify(result!.AccessToken!);
    expect(access).toMatchObject({
      username: 'alice',
      scope: 'aws.cognito.signin.user.admin',
      'cognito:groups': ['admins'],
    });
    const id = await tokenVerifier(emulator, 'id', PUBLIC_ID).verify(result!.IdToken!);
    expect(id).toMatchObject({ 'cognito:username': 'alice', email: 'alice@example.com', email_verified: true });
    expect(id).not.toHaveProperty('at_hash');
  });

  it('names the failure as Cognito does', async () => {
    await expect(passwordSignIn('alice', 'Wrong-password-1')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(passwordSignIn('nobody', 'Whatever-1')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(passwordSignIn('alice', ALICE.password, 'no_such_client')).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(
      sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: PUBLIC_ID, AuthParameters: {} })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('checks SECRET_HASH for a client with a secret', async () => {
    const attempt = (hash?: string) =>
      sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: CONFIDENTIAL.id,
          AuthParameters: {
            USERNAME: 'bob',
            PASSWORD: 'Bob-password-1',
            ...(hash ? { SECRET_HASH: hash } : {}),
          },
        }),
      );
    await expect(attempt()).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(attempt(secretHash('bob', CONFIDENTIAL.id, 'not-the-secret'))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${CONFIDENTIAL.id}`,
    });
    const ok = await attempt(secretHash('bob', CONFIDENTIAL.id, CONFIDENTIAL.secret));
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('AdminCreateUser → NEW_PASSWORD_REQUIRED → RespondToAuthChallenge → tokens', async () => {
    const created = await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: pool,
        Username: 'dave',
        TemporaryPassword: 'Temp-password-1',
        UserAttributes: [{ Name: 'email', Value: 'dave@example.com' }],
        MessageAction: 'SUPPRESS',
      }),
    );
    expect(created.User).toMatchObject({ Username: 'dave', UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
    const first = await passwordSignIn('dave', 'Temp-password-1');
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    await expect(
      sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: PUBLIC_ID,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: first.Session,
          ChallengeResponses: { USERNAME: 'dave', NEW_PASSWORD: 'short' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    const again = await passwordSignIn('dave', 'Temp-password-1');
    const done = await sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: PUBLIC_ID,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: again.Session,
        ChallengeResponses: { USERNAME: 'dave', NEW_PASSWORD: 'Dave-password-2', 'userAttributes.given_name': 'Dave' },
      }),
    );
    expect(claimsOf(done.AuthenticationResult!.IdToken!)).toMatchObject({ given_name: 'Dave' });
    const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'dave' }));
    expect(user.UserStatus).toBe('CONFIRMED');
  });

  it('AdminInitiateAuth and AdminRespondToAuthChallenge; REFRESH_TOKEN_AUTH refreshes', async () => {
    await sdk.send(
      new AdminCreateUserCommand({ UserPoolId: pool, Username: 'erin', TemporaryPassword: 'Temp-password-1' }),
    );
    const first = await sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: pool,
        ClientId: PUBLIC_ID,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'erin', PASSWORD: 'Temp-password-1' },
      }),
    );
    const done = await sdk.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: pool,
        ClientId: PUBLIC_ID,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'erin', NEW_PASSWORD: 'Erin-password-2' },
      }),
    );
    const refreshed = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: PUBLIC_ID,
        AuthParameters: { REFRESH_TOKEN: done.AuthenticationResult!.RefreshToken! },
      }),
    );
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
    await tokenVerifier(emulator, 'access', PUBLIC_ID).verify(refreshed.AuthenticationResult!.AccessToken!);
  });
});

describe('self-service', () => {
  it('SignUp → ConfirmSignUp (code from the admin API) → sign-in; unconfirmed users cannot sign in', async () => {
    const signedUp = await sdk.send(
      new SignUpCommand({
        ClientId: PUBLIC_ID,
        Username: 'frank',
        Password: 'Frank-password-1',
        UserAttributes: [{ Name: 'email', Value: 'frank@example.com' }],
      }),
    );
    expect(signedUp).toMatchObject({
      UserConfirmed: false,
      CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', AttributeName: 'email', Destination: 'f***@e***' },
    });
    await expect(passwordSignIn('frank', 'Frank-password-1')).rejects.toMatchObject({
      name: 'UserNotConfirmedException',
    });
    await expect(
      sdk.send(new SignUpCommand({ ClientId: PUBLIC_ID, Username: 'frank', Password: 'Frank-password-1' })),
    ).rejects.toMatchObject({ name: 'UsernameExistsException' });
    await expect(
      sdk.send(new SignUpCommand({ ClientId: PUBLIC_ID, Username: 'weak', Password: 'password' })),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    const firstCode = codeOf('frank', 'SignUp');
    await sdk.send(new ResendConfirmationCodeCommand({ ClientId: PUBLIC_ID, Username: 'frank' }));
    const code = codeOf('frank', 'SignUp');
    await expect(
      sdk.send(
        new ConfirmSignUpCommand({
          ClientId: PUBLIC_ID,
          Username: 'frank',
          ConfirmationCode: code === '000000' ? '111111' : '000000',
        }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' });
    expect(typeof firstCode).toBe('string');
    await sdk.send(new ConfirmSignUpCommand({ ClientId: PUBLIC_ID, Username: 'frank', ConfirmationCode: code }));
    const { AuthenticationResult } = await passwordSignIn('frank', 'Frank-password-1');
    expect(claimsOf(AuthenticationResult!.IdToken!)).toMatchObject({ email_verified: true });
  });

  it('an expired code answers ExpiredCodeException', async () => {
    await sdk.send(new SignUpCommand({ ClientId: PUBLIC_ID, Username: 'gina', Password: 'Gina-password-1' }));
    const code = codeOf('gina', 'SignUp');
    emulator.admin.advanceClock(86_401);
    try {
      await expect(
        sdk.send(new ConfirmSignUpCommand({ ClientId: PUBLIC_ID, Username: 'gina', ConfirmationCode: code })),
      ).rejects.toMatchObject({ name: 'ExpiredCodeException' });
    } finally {
      emulator.admin.advanceClock(-86_401);
    }
  });

  it('GetUser, UpdateUserAttributes, ChangePassword, ForgotPassword, ConfirmForgotPassword, DeleteUser', async () => {
    await signUpConfirmed('hank', 'Hank-password-1');
    let tokens = (await passwordSignIn('hank', 'Hank-password-1')).AuthenticationResult!;
    const me = await sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
    expect(me.Username).toBe('hank');
    expect(me.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email', Value: 'hank@example.com' }]));
    await sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken: tokens.AccessToken,
        UserAttributes: [{ Name: 'given_name', Value: 'Henry' }],
      }),
    );
    await expect(
      sdk.send(
        new UpdateUserAttributesCommand({
          AccessToken: tokens.AccessToken,
          UserAttributes: [{ Name: 'shoe_size', Value: '44' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      sdk.send(
        new ChangePasswordCommand({
          AccessToken: tokens.AccessToken,
          PreviousPassword: 'not-it',
          ProposedPassword: 'Hank-password-2',
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await sdk.send(
      new ChangePasswordCommand({
        AccessToken: tokens.AccessToken,
        PreviousPassword: 'Hank-password-1',
        ProposedPassword: 'Hank-password-2',
      }),
    );
    tokens = (await passwordSignIn('hank', 'Hank-password-2')).AuthenticationResult!;
    expect(claimsOf(tokens.IdToken!)).toMatchObject({ given_name: 'Henry' });
    const forgot = await sdk.send(new ForgotPasswordCommand({ ClientId: PUBLIC_ID, Username: 'hank' }));
    expect(forgot.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    await sdk.send(
      new ConfirmForgotPasswordCommand({
        ClientId: PUBLIC_ID,
        Username: 'hank',
        ConfirmationCode: codeOf('hank', 'ForgotPassword'),
        Password: 'Hank-password-3',
      }),
    );
    tokens = (await passwordSignIn('hank', 'Hank-password-3')).AuthenticationResult!;
    await sdk.send(new DeleteUserCommand({ AccessToken: tokens.AccessToken }));
    await expect(passwordSignIn('hank', 'Hank-password-3')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('GlobalSignOut ends API and hosted-UI refresh tokens; userInfo and GetUser refuse the access tokens', async () => {
    await signUpConfirmed('ivan', 'Ivan-password-1');
    const api = (await passwordSignIn('ivan', 'Ivan-password-1')).AuthenticationResult!;
    const hosted = await exchange(
      emulator,
      await signIn(emulator, { user: { username: 'ivan', password: 'Ivan-password-1' } }),
    );
    await sdk.send(new GlobalSignOutCommand({ AccessToken: api.AccessToken }));
    await expect(sdk.send(new GetUserCommand({ AccessToken: api.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(
      sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: PUBLIC_ID,
          AuthParameters: { REFRESH_TOKEN: api.RefreshToken! },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const userInfo = await fetch(`${emulator.url}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${hosted.access_token}` },
    });
    expect(userInfo.status).toBe(401);
    const refresh = await fetch(`${emulator.url}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${CONFIDENTIAL.id}:${CONFIDENTIAL.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: hosted.refresh_token! }),
    });
    expect(refresh.status).toBe(400);
  });

  it('GlobalSignOut also ends the access tokens of a client without token revocation (no origin_jti)', async () => {
    const created = await sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'no-revocation', EnableTokenRevocation: false }),
    );
    const clientId = created.UserPoolClient!.ClientId!;
    const { AuthenticationResult: tokens } = await passwordSignIn('bob', 'Bob-password-1', clientId);
    expect(claimsOf(tokens!.AccessToken!)).not.toHaveProperty('origin_jti');
    await sdk.send(new GlobalSignOutCommand({ AccessToken: tokens!.AccessToken }));
    await expect(sdk.send(new GetUserCommand({ AccessToken: tokens!.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('a hosted-UI access token with aws.cognito.signin.user.admin works for GetUser (one pool)', async () => {
    const hosted = await exchange(
      emulator,
      await signIn(emulator, { user: { username: 'bob', password: 'Bob-password-1' } }),
    );
    const me = await sdk.send(new GetUserCommand({ AccessToken: hosted.access_token }));
    expect(me.Username).toBe('bob');
  });

  it('RevokeToken ends a refresh token', async () => {
    const { AuthenticationResult: tokens } = await passwordSignIn('carol', 'Carol-password-1');
    await sdk.send(new RevokeTokenCommand({ ClientId: PUBLIC_ID, Token: tokens!.RefreshToken }));
    await expect(
      sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: PUBLIC_ID,
          AuthParameters: { REFRESH_TOKEN: tokens!.RefreshToken! },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
  });
});

describe('admin', () => {
  it('sets passwords and attributes, resets, confirms, deletes', async () => {
    await sdk.send(new SignUpCommand({ ClientId: PUBLIC_ID, Username: 'jane', Password: 'Jane-password-1' }));
    await sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: pool, Username: 'jane' }));
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: pool,
        Username: 'jane',
        Password: 'Jane-password-2',
        Permanent: true,
      }),
    );
    await sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: pool,
        Username: 'jane',
        UserAttributes: [
          { Name: 'email', Value: 'jane@example.com' },
          { Name: 'custom:tenant', Value: 'acme' },
        ],
      }),
    );
    await sdk.send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: pool,
        Username: 'jane',
        UserAttributeNames: ['custom:tenant'],
      }),
    );
    const { AuthenticationResult } = await passwordSignIn('jane', 'Jane-password-2');
    expect(claimsOf(AuthenticationResult!.IdToken!)).toMatchObject({ email: 'jane@example.com' });
    expect(claimsOf(AuthenticationResult!.IdToken!)).not.toHaveProperty('custom:tenant');
    await sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: 'jane' }));
    await expect(passwordSignIn('jane', 'Jane-password-2')).rejects.toMatchObject({
      name: 'PasswordResetRequiredException',
    });
    await sdk.send(new AdminDeleteUserCommand({ UserPoolId: pool, Username: 'jane' }));
    await expect(sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'jane' }))).rejects.toMatchObject({
      name: 'UserNotFoundException',
    });
    await expect(
      sdk.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_Other', Username: 'bob' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('a disabled user can sign in nowhere; enabling lets them back', async () => {
    await sdk.send(new AdminDisableUserCommand({ UserPoolId: pool, Username: 'bob' }));
    try {
      await expect(passwordSignIn('bob', 'Bob-password-1')).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'User is disabled.',
      });
      await expect(signIn(emulator, { user: { username: 'bob', password: 'Bob-password-1' } })).rejects.toThrow();
    } finally {
      await sdk.send(new AdminEnableUserCommand({ UserPoolId: pool, Username: 'bob' }));
    }
    expect((await passwordSignIn('bob', 'Bob-password-1')).AuthenticationResult).toBeDefined();
  });

  it('AdminUserGlobalSignOut ends the user’s refresh tokens', async () => {
    const { AuthenticationResult: tokens } = await passwordSignIn('bob', 'Bob-password-1');
    await sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool, Username: 'bob' }));
    await expect(sdk.send(new GetUserCommand({ AccessToken: tokens!.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('groups: create, get, list, add, list for user, list in group, remove, delete — and cognito:groups follows', async () => {
    const created = await sdk.send(
      new CreateGroupCommand({ UserPoolId: pool, GroupName: 'testers', Precedence: 0, Description: 'QA' }),
    );
    expect(created.Group).toMatchObject({ GroupName: 'testers', Precedence: 0, UserPoolId: pool });
    await expect(sdk.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: 'testers' }))).rejects.toMatchObject({
      name: 'GroupExistsException',
    });
    expect((await sdk.send(new GetGroupCommand({ UserPoolId: pool, GroupName: 'testers' }))).Group?.Description).toBe(
      'QA',
    );
    const names = (await sdk.send(new ListGroupsCommand({ UserPoolId: pool }))).Groups?.map((g) => g.GroupName);
    expect(names).toEqual(expect.arrayContaining(['admins', 'editors', 'testers']));
    await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: 'alice', GroupName: 'testers' }));
    const forAlice = await sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: 'alice' }));
    expect(forAlice.Groups?.map((g) => g.GroupName)).toEqual(['testers', 'admins']);
    const inGroup = await sdk.send(new ListUsersInGroupCommand({ UserPoolId: pool, GroupName: 'testers' }));
    expect(inGroup.Users?.map((u) => u.Username)).toEqual(['alice']);
    const { AuthenticationResult } = await passwordSignIn(ALICE.username, ALICE.password);
    expect(claimsOf(AuthenticationResult!.AccessToken!)['cognito:groups']).toEqual(['testers', 'admins']);
    await sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool, Username: 'alice', GroupName: 'testers' }));
    await sdk.send(new DeleteGroupCommand({ UserPoolId: pool, GroupName: 'testers' }));
    await expect(sdk.send(new GetGroupCommand({ UserPoolId: pool, GroupName: 'testers' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('ListUsers filters and pages', async () => {
    const byEmail = await sdk.send(new ListUsersCommand({ UserPoolId: pool, Filter: 'email = "alice@example.com"' }));
    expect(byEmail.Users?.map((u) => u.Username)).toEqual(['alice']);
    const byPrefix = await sdk.send(new ListUsersCommand({ UserPoolId: pool, Filter: 'username ^= "b"' }));
    expect(byPrefix.Users?.map((u) => u.Username)).toEqual(['bob']);
    const page = await sdk.send(new ListUsersCommand({ UserPoolId: pool, Limit: 1 }));
    expect(page.Users).toHaveLength(1);
    const next = await sdk.send(
      new ListUsersCommand({ UserPoolId: pool, Limit: 1, PaginationToken: page.PaginationToken }),
    );
    expect(next.Users?.[0]?.Username).not.toBe(page.Users?.[0]?.Username);
    await expect(sdk.send(new ListUsersCommand({ UserPoolId: pool, Filter: 'email == nope' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('describes the pool and its clients; a created client with rotation rotates refresh tokens', async () => {
    const described = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: pool }));
    expect(described.UserPool).toMatchObject({ Id: pool, Name: 'cognito-connect-dev' });
    const client = await sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: CONFIDENTIAL.id }));
    expect(client.UserPoolClient).toMatchObject({ ClientId: CONFIDENTIAL.id, ClientSecret: CONFIDENTIAL.secret });
    const created = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: pool,
        ClientName: 'mobile',
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        RefreshTokenRotation: { Feature: 'ENABLED' },
      }),
    );
    const { ClientId: id, ClientSecret: secret } = created.UserPoolClient!;
    const listed = await sdk.send(new ListUserPoolClientsCommand({ UserPoolId: pool }));
    expect(listed.UserPoolClients?.map((c) => c.ClientId)).toContain(id);
    const first = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: id,
        AuthParameters: { USERNAME: 'bob', PASSWORD: 'Bob-password-1', SECRET_HASH: secretHash('bob', id!, secret!) },
      }),
    );
    const old = first.AuthenticationResult!.RefreshToken!;
    const rotated = await sdk.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: id, ClientSecret: secret, RefreshToken: old }),
    );
    const fresh = rotated.AuthenticationResult!.RefreshToken!;
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(old);
    await expect(
      sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: id, ClientSecret: secret, RefreshToken: old })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await tokenVerifier(emulator, 'access', id!).verify(rotated.AuthenticationResult!.AccessToken!);
    await expect(
      sdk.send(
        new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: id, AuthParameters: { USERNAME: 'bob' } }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
