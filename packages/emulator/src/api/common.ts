// What several action groups need: the app client, SECRET_HASH, the password policy, access-token callers and tokens.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { uuid } from '../random.js';
import { TokenRejected, type Grant } from '../tokens.js';
import type { TokenSource } from '../triggers.js';
import type { Client, User, UserStatus } from '../user-pool.js';
import { ApiError, userNotFound } from './errors.js';
import type { ApiState } from './state.js';

/** The scope Cognito grants API sign-ins; self-service calls require it in the access token. */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** What every action handler receives. */
export interface ApiContext {
  readonly ctx: EmulatorContext;
  readonly state: ApiState;
}

export function clientOf({ ctx }: ApiContext, clientId: string): Client {
  const client = ctx.pool.clients.get(clientId);
  if (!client) throw new ApiError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  return client;
}

/** Admin actions name the pool; a different id is a pool that does not exist here. */
export function checkPool({ ctx }: ApiContext, userPoolId: string): void {
  if (userPoolId !== ctx.pool.id)
    throw new ApiError('ResourceNotFoundException', `User pool ${userPoolId} does not exist.`);
}

/** A user an admin action names; Cognito answers `UserNotFoundException`. */
export function existingUser({ ctx }: ApiContext, username: string): User {
  const user = ctx.pool.user(username) ?? ctx.pool.allUsers().find((u) => u.sub === username);
  if (!user) throw userNotFound();
  return user;
}

/**
 * Checks `SECRET_HASH` = Base64(HMAC-SHA256(clientSecret, username + clientId)) for clients with a secret.
 * Any of `usernames` may be the one hashed (clients hash the name they typed, the username or the `sub`).
 */
export function checkSecretHash(client: Client, usernames: readonly string[], given: string | undefined): void {
  if (!client.clientSecret) return;
  const fail = new ApiError('NotAuthorizedException', `Unable to verify secret hash for client ${client.clientId}`);
  if (!given)
    throw new ApiError(
      'NotAuthorizedException',
      `Client ${client.clientId} is configured with secret but SECRET_HASH was not received`,
    );
  const presented = Buffer.from(given, 'base64');
  const ok = usernames.some((name) => {
    const expected = createHmac('sha256', client.clientSecret!)
      .update(name + client.clientId)
      .digest();
    return expected.length === presented.length && timingSafeEqual(expected, presented);
  });
  if (!ok) throw fail;
}

/** Cognito's default password policy: 8+ characters with upper, lower, digit and symbol. */
export function checkPasswordPolicy(password: string): void {
  const rules: [boolean, string][] = [
    [password.length >= 8, 'Password not long enough'],
    [/[a-z]/.test(password), 'Password must have lowercase characters'],
    [/[A-Z]/.test(password), 'Password must have uppercase characters'],
    [/[0-9]/.test(password), 'Password must have numeric characters'],
    [/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password), 'Password must have symbol characters'],
  ];
  const broken = rules.find(([ok]) => !ok);
  if (broken) throw new ApiError('InvalidPasswordException', `Password did not conform with policy: ${broken[1]}`);
}

/** The user behind an access token for self-service calls: signed by the pool, live, unrevoked, holding the admin scope. */
export async function userOfAccessToken({ ctx }: ApiContext, token: string): Promise<{ user: User; client: Client }> {
  let claims;
  try {
    claims = await ctx.tokens.verifyAccessToken(token);
  } catch (cause) {
    if (cause instanceof TokenRejected) throw new ApiError('NotAuthorizedException', 'Invalid Access Token');
    throw cause;
  }
  if (ctx.grants.isRevoked(claims)) throw new ApiError('NotAuthorizedException', 'Access Token has been revoked');
  if (!claims.scope.split(' ').includes(ADMIN_SCOPE))
    throw new ApiError('NotAuthorizedException', 'Access Token does not have required scopes');
  const user = claims.username ? ctx.pool.user(claims.username) : undefined;
  const client = ctx.pool.clients.get(claims.client_id);
  if (!user || !client) throw new ApiError('NotAuthorizedException', 'Invalid Access Token');
  if (!user.enabled) throw new ApiError('NotAuthorizedException', 'User is disabled.');
  return { user, client };
}

/** `AuthenticationResult` as Cognito returns it. */
export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  IdToken: string;
  RefreshToken?: string;
}

/** Mints the API's tokens for a fresh sign-in: access (`aws.cognito.signin.user.admin`), ID and refresh. */
export async function signInTokens(
  { ctx }: ApiContext,
  user: User,
  client: Client,
  source: TokenSource,
): Promise<AuthenticationResult> {
  ctx.apiState.lockout.succeeded(user.username);
  const grant: Grant = {
    clientId: client.clientId,
    username: user.username,
    scopes: [ADMIN_SCOPE],
    authTime: ctx.clock.epochSeconds(),
    eventId: uuid(),
    originJti: uuid(),
  };
  const result = await tokensFor({ ctx } as ApiContext, grant, user, client, source);
  return { ...result, RefreshToken: ctx.grants.issueRefreshToken(grant, client.tokenValidity.refreshToken) };
}

/** ID and access tokens for an existing grant (a refresh). */
export async function tokensFor(
  { ctx }: Pick<ApiContext, 'ctx'>,
  grant: Grant,
  user: User,
  client: Client,
  source: TokenSource,
): Promise<AuthenticationResult> {
  const { idToken, accessToken } = await ctx.tokens.userTokens(grant, user, client, undefined, { api: true, source });
  return {
    AccessToken: accessToken,
    ExpiresIn: client.tokenValidity.accessToken,
    TokenType: 'Bearer',
    IdToken: idToken!,
  };
}

/** Attributes as `[{ Name, Value }]`, with `sub` first, as Cognito lists them. */
export function attributeListOf(user: User): { Name: string; Value: string }[] {
  return [
    { Name: 'sub', Value: user.sub },
    ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
  ];
}

/** A new user as SignUp and AdminCreateUser make one: a fresh `sub`, no groups, enabled. */
export function createUser(
  { ctx }: ApiContext,
  user: { username: string; password: string; attributes: Record<string, string>; status: UserStatus; sub?: string },
): User {
  const created: User = {
    ...user,
    sub: user.sub ?? uuid(),
    groups: new Set(),
    enabled: true,
    identities: undefined,
    createdAt: ctx.clock.now(),
  };
  ctx.pool.putUser(created);
  return created;
}
