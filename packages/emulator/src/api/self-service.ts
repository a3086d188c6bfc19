// The actions a user (or an app on its behalf) calls without AWS credentials: sign-up, passwords, profile, sign-out.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import type { Client, User } from '../user-pool.js';
import { checkAttributeNames, checkRequiredAttributes, deliveryOf } from './attributes.js';
import {
  attributeListOf,
  checkPasswordPolicy,
  checkSecretHash,
  clientOf,
  createUser,
  userOfAccessToken,
  type ApiContext,
} from './common.js';
import { ApiError, invalidParameter } from './errors.js';
import { attributeList, optional, required, type Body } from './input.js';
import { mfaView } from './mfa.js';
import { checkAddressesFree, newUserIdentity } from './username-attributes.js';
import type { Handlers } from './router.js';
import { refresh } from './sign-in.js';

/** A client call naming a user: the client, its SECRET_HASH (top-level `SecretHash`) and the user. */
function clientAndUser(api: ApiContext, body: Body): { client: Client; user: User } {
  const client = clientOf(api, required(body, 'ClientId'));
  const username = required(body, 'Username');
  const user = api.ctx.pool.user(username);
  checkSecretHash(client, user ? [username, user.username, user.sub] : [username], optional(body, 'SecretHash'));
  if (!user) throw new ApiError('UserNotFoundException', 'Username/client id combination not found.');
  return { client, user };
}

/** For RevokeToken and GetTokensFromRefreshToken, which carry the client secret itself. */
function checkClientSecret(client: Client, given: string | undefined): void {
  if (!client.clientSecret) return;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  if (!given || !timingSafeEqual(digest(given), digest(client.clientSecret)))
    throw new ApiError(
      'NotAuthorizedException',
      `Client ${client.clientId} is configured with secret but the secret was not received or is wrong`,
    );
}

/**
 * ConfirmForgotPassword's effect, shared with the hosted UI's "Forgot your password?" page: uses up the reset code
 * (an `ApiError` if it is wrong or expired), sets the new password (already checked against the policy) and confirms
 * the user, running the post-confirmation trigger for a user who was unconfirmed.
 */
export async function confirmForgotPassword(
  ctx: EmulatorContext,
  user: User,
  clientId: string,
  code: string,
  password: string,
): Promise<void> {
  ctx.apiState.useCode(user.username, 'ForgotPassword', code);
  user.password = password;
  const wasUnconfirmed = user.status === 'UNCONFIRMED';
  user.status = 'CONFIRMED';
  if (wasUnconfirmed) await ctx.triggers.postConfirmation('PostConfirmation_ConfirmForgotPassword', user, clientId);
}

/** What a user signing themselves up gives (API `SignUp` or the hosted UI's sign-up page). */
export interface SignUpInput {
  readonly clientId: string;
  readonly username: string;
  readonly password: string;
  readonly attributes: Record<string, string>;
  readonly validationData?: unknown;
  readonly clientMetadata?: unknown;
}

/**
 * SignUp's effect, shared with the hosted UI's sign-up page: refuses it when only administrators create users,
 * checks the attributes, the username and the password policy (each an `ApiError`), runs the pre sign-up trigger and
 * creates the user, `UNCONFIRMED` with a code sent unless the trigger confirmed it.
 */
export async function signUp(ctx: EmulatorContext, input: SignUpInput): Promise<User> {
  if (ctx.pool.allowAdminCreateUserOnly === true)
    throw new ApiError('NotAuthorizedException', 'SignUp is not permitted for this user pool');
  const { password, clientId } = input;
  checkAttributeNames(input.attributes);
  const { username, sub, attributes } = newUserIdentity(ctx.pool, input.username, { ...input.attributes });
  checkRequiredAttributes(ctx.pool, attributes);
  if (ctx.pool.user(username)) throw new ApiError('UsernameExistsException', 'User already exists');
  checkPasswordPolicy(password);
  const decided = await ctx.triggers.preSignUp('PreSignUp_SignUp', username, clientId, attributes, {
    validationData: input.validationData,
    clientMetadata: input.clientMetadata,
  });
  if (decided.autoVerifyEmail && attributes.email) attributes.email_verified = 'true';
  if (decided.autoVerifyPhone && attributes.phone_number) attributes.phone_number_verified = 'true';
  const user = createUser(
    { ctx, state: ctx.apiState },
    { username, sub, password, attributes, status: decided.autoConfirmUser ? 'CONFIRMED' : 'UNCONFIRMED' },
  );
  if (!decided.autoConfirmUser) ctx.apiState.issueCode(username, 'SignUp');
  return user;
}

/**
 * ConfirmSignUp's effect, shared with the hosted UI's confirmation page: uses up the sign-up code (an `ApiError` if
 * the user is not unconfirmed or the code is wrong or expired), confirms the user and verifies the e-mail the code went
 * to, then runs the post-confirmation trigger.
 */
export async function confirmSignUp(ctx: EmulatorContext, user: User, clientId: string, code: string): Promise<void> {
  if (user.status !== 'UNCONFIRMED')
    throw new ApiError(
      'NotAuthorizedException',
      `User cannot be confirmed. Current status is ${user.status ?? 'CONFIRMED'}`,
    );
  ctx.apiState.useCode(user.username, 'SignUp', code);
  checkAddressesFree(ctx.pool, user);
  user.status = 'CONFIRMED';
  if (user.attributes.email) user.attributes.email_verified = 'true';
  await ctx.triggers.postConfirmation('PostConfirmation_ConfirmSignUp', user, clientId);
}

/** The self-service actions, by name. */
export const selfServiceActions: Handlers = {
  async SignUp(api, body) {
    const client = clientOf(api, required(body, 'ClientId'));
    const username = required(body, 'Username');
    const password = required(body, 'Password');
    checkSecretHash(client, [username], optional(body, 'SecretHash'));
    const user = await signUp(api.ctx, {
      clientId: client.clientId,
      username,
      password,
      attributes: attributeList(body, 'UserAttributes'),
      validationData: body.ValidationData,
      clientMetadata: body.ClientMetadata,
    });
    if (user.status === 'CONFIRMED') return { UserConfirmed: true, UserSub: user.sub };
    return { UserConfirmed: false, UserSub: user.sub, CodeDeliveryDetails: deliveryOf(user) };
  },
  async ConfirmSignUp(api, body) {
    const { client, user } = clientAndUser(api, body);
    await confirmSignUp(api.ctx, user, client.clientId, required(body, 'ConfirmationCode'));
    return {};
  },
  ResendConfirmationCode(api, body) {
    const { user } = clientAndUser(api, body);
    if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
    api.state.requestCode(user.username, 'SignUp');
    return { CodeDeliveryDetails: deliveryOf(user) };
  },
  ForgotPassword(api, body) {
    const { user } = clientAndUser(api, body);
    if (!user.enabled) throw new ApiError('NotAuthorizedException', 'User is disabled.');
    api.state.requestCode(user.username, 'ForgotPassword');
    return { CodeDeliveryDetails: deliveryOf(user) };
  },
  async ConfirmForgotPassword(api, body) {
    const { client, user } = clientAndUser(api, body);
    const password = required(body, 'Password');
    checkPasswordPolicy(password);
    await confirmForgotPassword(api.ctx, user, client.clientId, required(body, 'ConfirmationCode'), password);
    return {};
  },
  async ChangePassword(api, body) {
    const { user } = await userOfAccessToken(api, required(body, 'AccessToken'));
    if (required(body, 'PreviousPassword') !== user.password)
      throw new ApiError('NotAuthorizedException', 'Incorrect username or password.');
    const proposed = required(body, 'ProposedPassword');
    checkPasswordPolicy(proposed);
    user.password = proposed;
    return {};
  },
  async GetUser(api, body) {
    const { user } = await userOfAccessToken(api, required(body, 'AccessToken'));
    return { Username: user.username, UserAttributes: attributeListOf(user), ...mfaView(user) };
  },
  async UpdateUserAttributes(api, body) {
    const { user } = await userOfAccessToken(api, required(body, 'AccessToken'));
    const changes = attributeList(body, 'UserAttributes');
    checkAttributeNames(changes);
    checkAddressesFree(api.ctx.pool, user, changes);
    const emailChanged = changes.email !== undefined && changes.email !== user.attributes.email;
    Object.assign(user.attributes, changes);
    if (!emailChanged) return { CodeDeliveryDetailsList: [] };
    user.attributes.email_verified = 'false';
    api.state.issueCode(user.username, 'VerifyAttribute');
    return { CodeDeliveryDetailsList: [deliveryOf(user)] };
  },
  async VerifyUserAttribute(api, body) {
    const { user } = await userOfAccessToken(api, required(body, 'AccessToken'));
    const name = required(body, 'AttributeName');
    if (name !== 'email') throw invalidParameter('The emulator verifies the email attribute only');
    api.state.useCode(user.username, 'VerifyAttribute', required(body, 'Code'));
    user.attributes.email_verified = 'true';
    return {};
  },
  async DeleteUser(api, body) {
    const { user } = await userOfAccessToken(api, required(body, 'AccessToken'));
    api.ctx.grants.revokeUser(user.username);
    api.state.forgetUser(user.username);
    api.ctx.pool.deleteUser(user.username);
    return {};
  },
  async GlobalSignOut(api, body) {
    const { user } = await userOfAccessToken(api, required(body, 'AccessToken'));
    api.ctx.grants.revokeUser(user.username);
    return {};
  },
  RevokeToken(api, body) {
    const client = clientOf(api, required(body, 'ClientId'));
    checkClientSecret(client, optional(body, 'ClientSecret'));
    const token = required(body, 'Token');
    if (!client.enableTokenRevocation)
      throw new ApiError('UnauthorizedException', 'Token revocation is not enabled for this app client');
    if (token.split('.').length === 3)
      throw new ApiError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked');
    const grant = api.ctx.grants.refreshGrant(token);
    if (grant && grant.clientId !== client.clientId)
      throw new ApiError('NotAuthorizedException', 'The token was not issued to this app client');
    if (grant) api.ctx.grants.revokeFamily(grant);
    return {};
  },
  async GetTokensFromRefreshToken(api, body) {
    const client = clientOf(api, required(body, 'ClientId'));
    checkClientSecret(client, optional(body, 'ClientSecret'));
    const token = required(body, 'RefreshToken');
    const grant = api.ctx.grants.refreshGrant(token);
    // The client secret was checked above; it stands in for SECRET_HASH here.
    const result = await refresh(api, client, token, { secretChecked: true });
    if (!client.refreshTokenRotation || !grant) return { AuthenticationResult: result };
    const rotated = api.ctx.grants.rotateRefreshToken(token, grant, client.tokenValidity.refreshToken);
    return { AuthenticationResult: { ...result, RefreshToken: rotated } };
  },
};
