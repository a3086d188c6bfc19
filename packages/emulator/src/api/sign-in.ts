// InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge and refreshes: every way the API signs a user in.
import { randomBytes } from 'node:crypto';
import { enabledFactors, mfaStepOf, type Client, type MfaFactor, type User } from '../user-pool.js';
import {
  checkPasswordPolicy,
  checkSecretHash,
  clientOf,
  checkPool,
  signInTokens,
  tokensFor,
  type ApiContext,
  type AuthenticationResult,
} from './common.js';
import { checkAttributeNames, checkRequiredAttributes } from './attributes.js';
import { ApiError, badCredentials, invalidParameter } from './errors.js';
import { LOCKED_OUT } from './lockout.js';
import { isSentCodeFactor, sendMfaCode, useMfaCode } from './mfa-code.js';
import { optional, required, stringMap, type Body } from './input.js';
import { parseTimestamp, srpHex, startSrp, verifyPasswordClaim } from './srp.js';
import type { ChallengeSession } from './state.js';
import { MFA_ATTEMPTS, TOTP_MISMATCH, useTotp } from './totp.js';
import type { Handlers } from './router.js';
import type { TokenSource } from '../triggers.js';

type SignInAnswer =
  | { AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> }
  | { ChallengeName: ChallengeSession['challenge']; ChallengeParameters: Record<string, string>; Session: string };

/** How far a PASSWORD_VERIFIER `TIMESTAMP` may be from the emulator's clock. */
const TIMESTAMP_SKEW_MS = 5 * 60 * 1000;

const FLOW_FLAGS: Record<string, Client['explicitAuthFlows'][number]> = {
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  REFRESH_TOKEN_AUTH: 'ALLOW_REFRESH_TOKEN_AUTH',
  REFRESH_TOKEN: 'ALLOW_REFRESH_TOKEN_AUTH',
};
const USER_FLOWS = new Set(['USER_PASSWORD_AUTH', 'USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN']);
const ADMIN_FLOWS = new Set([
  'ADMIN_USER_PASSWORD_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
]);

/** The pool name in SRP's hashes: the part of the pool id after `_`. */
const srpPoolName = (api: ApiContext) => api.ctx.pool.id.split('_')[1]!;

/** A user who may not sign in at all, whatever the password said. */
function refuseBlocked(user: User): void {
  if (!user.enabled) throw new ApiError('NotAuthorizedException', 'User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new ApiError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED')
    throw new ApiError('PasswordResetRequiredException', 'Password reset required for the user');
}

/** After the password is proven: the pre-authentication trigger, then a challenge or the tokens. */
async function afterPassword(api: ApiContext, user: User, client: Client): Promise<SignInAnswer> {
  refuseBlocked(user);
  await api.ctx.triggers.preAuthentication(user, client.clientId);
  const base = { username: user.username, clientId: client.clientId };
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    return challenge(
      api,
      { ...base, challenge: 'NEW_PASSWORD_REQUIRED' },
      {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: JSON.stringify(
          api.ctx.pool.missingAttributes(user).map((name) => `userAttributes.${name}`),
        ),
        userAttributes: JSON.stringify(user.attributes),
      },
    );
  }
  return afterFirstFactor(api, user, client, 'TokenGeneration_Authentication');
}

async function afterFirstFactor(
  api: ApiContext,
  user: User,
  client: Client,
  source: TokenSource,
): Promise<SignInAnswer> {
  const step = mfaStepOf(api.ctx.pool, user);
  if (step === 'MFA_SETUP')
    return challenge(
      api,
      { username: user.username, clientId: client.clientId, challenge: step },
      { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' },
    );
  if (step === 'SELECT_MFA_TYPE')
    return challenge(
      api,
      { username: user.username, clientId: client.clientId, challenge: step },
      { MFAS_CAN_CHOOSE: JSON.stringify(enabledFactors(user)) },
    );
  if (step) return factorChallenge(api, user, client, step);
  return { AuthenticationResult: await signInTokens(api, user, client, source), ChallengeParameters: {} };
}

/** The challenge for one factor: a code from the app, or a code the pool sends now (SMS or e-mail). */
function factorChallenge(api: ApiContext, user: User, client: Client, factor: MfaFactor): SignInAnswer {
  const parameters = isSentCodeFactor(factor) ? sendMfaCode(api.state, user, factor) : {};
  return challenge(api, { username: user.username, clientId: client.clientId, challenge: factor }, parameters);
}

/** The code a factor's challenge answer carries, and whether it is right (a right code is used up). */
const CODE_RESPONSES: Record<MfaFactor, string> = {
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  SMS_MFA: 'SMS_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
};

function checkFactorCode(api: ApiContext, user: User, factor: MfaFactor, code: string): boolean {
  if (isSentCodeFactor(factor)) return useMfaCode(api.state, user, factor, code);
  return !!user.totp && useTotp(user.totp, code, api.ctx.clock.now());
}

function challenge(api: ApiContext, session: ChallengeSession, parameters: Record<string, string>): SignInAnswer {
  return {
    ChallengeName: session.challenge,
    ChallengeParameters: parameters,
    Session: api.state.startChallenge(session),
  };
}

/** Checks a password proof under Cognito's lockout: a wrong one is counted, none is checked while locked out. */
function provePassword(api: ApiContext, username: string, correct: () => boolean): void {
  const outcome = api.state.lockout.attempt(username, correct);
  if (outcome === 'locked') throw new ApiError('NotAuthorizedException', LOCKED_OUT);
  if (outcome === 'wrong') throw badCredentials();
}

/**
 * The user an auth flow names; unknown users fail like a wrong password (Cognito's user-existence protection), locked
 * out like a known one, so the lockout does not tell them apart.
 */
function signInUser(api: ApiContext, username: string): User {
  const user = api.ctx.pool.user(username);
  if (!user || user.password === undefined) {
    provePassword(api, username, () => false);
    throw badCredentials();
  }
  return user;
}

async function initiate(api: ApiContext, body: Body, admin: boolean): Promise<SignInAnswer> {
  if (admin) checkPool(api, required(body, 'UserPoolId'));
  const client = clientOf(api, required(body, 'ClientId'));
  const flow = required(body, 'AuthFlow');
  const params = stringMap(body, 'AuthParameters');
  if (!(admin ? ADMIN_FLOWS : USER_FLOWS).has(flow)) throw invalidParameter(`Unsupported AuthFlow ${flow}`);
  if (!client.explicitAuthFlows.includes(FLOW_FLAGS[flow]!))
    throw invalidParameter(`${flow} flow not enabled for this client`);
  if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
    const token = params.REFRESH_TOKEN;
    if (!token) throw invalidParameter('Missing required parameter REFRESH_TOKEN');
    return {
      AuthenticationResult: await refresh(api, client, token, { secretHash: params.SECRET_HASH }),
      ChallengeParameters: {},
    };
  }
  const username = params.USERNAME;
  if (!username) throw invalidParameter('Missing required parameter USERNAME');
  const user = signInUser(api, username);
  checkSecretHash(client, [username, user.username, user.sub], params.SECRET_HASH);
  if (flow === 'USER_SRP_AUTH') {
    const srpA = params.SRP_A;
    if (!srpA) throw invalidParameter('Missing required parameter SRP_A');
    const start = startSrp(srpPoolName(api), user.username, user.password!, srpA);
    if (!start) throw invalidParameter('SRP_A is not a valid SRP value');
    const secretBlock = randomBytes(64).toString('base64');
    return challenge(
      api,
      {
        username: user.username,
        clientId: client.clientId,
        challenge: 'PASSWORD_VERIFIER',
        srp: { ...start, secretBlock },
      },
      {
        SALT: srpHex(start.salt),
        SECRET_BLOCK: secretBlock,
        SRP_B: srpHex(start.B),
        USERNAME: user.username,
        USER_ID_FOR_SRP: user.username,
      },
    );
  }
  const password = params.PASSWORD;
  if (!password) throw invalidParameter('Missing required parameter PASSWORD');
  provePassword(api, user.username, () => password === user.password);
  return afterPassword(api, user, client);
}

/** A refresh-token sign-in: new ID and access tokens for the same grant, shared with the hosted UI's refresh tokens. */
export async function refresh(
  api: ApiContext,
  client: Client,
  token: string,
  proof: { secretHash?: string | undefined; secretChecked?: boolean },
): Promise<AuthenticationResult> {
  const grant = api.ctx.grants.refreshGrant(token);
  if (!grant || grant.clientId !== client.clientId)
    throw new ApiError('NotAuthorizedException', 'Invalid Refresh Token');
  const user = api.ctx.pool.user(grant.username);
  if (!user) throw new ApiError('NotAuthorizedException', 'Invalid Refresh Token');
  if (!proof.secretChecked) checkSecretHash(client, [user.username, user.sub], proof.secretHash);
  if (!user.enabled) throw new ApiError('NotAuthorizedException', 'User is disabled.');
  return tokensFor(api, grant, user, client, 'TokenGeneration_RefreshTokens');
}

async function respond(api: ApiContext, body: Body, admin: boolean): Promise<SignInAnswer> {
  if (admin) checkPool(api, required(body, 'UserPoolId'));
  const client = clientOf(api, required(body, 'ClientId'));
  const name = required(body, 'ChallengeName');
  const responses = stringMap(body, 'ChallengeResponses');
  const sessionId = optional(body, 'Session') ?? '';
  const session = api.state.challengeOf(sessionId);
  // Every session answers once, except an MFA code session, which survives a few wrong codes (below).
  if (!(session.challenge in CODE_RESPONSES) || session.challenge !== name) api.state.endChallenge(sessionId);
  if (session.challenge !== name || session.clientId !== client.clientId)
    throw invalidParameter(`ChallengeName ${name} does not match the session's challenge`);
  const user = api.ctx.pool.user(session.username);
  if (!user) throw badCredentials();
  checkSecretHash(client, [responses.USERNAME ?? user.username, user.username, user.sub], responses.SECRET_HASH);
  if (session.challenge === 'PASSWORD_VERIFIER') {
    const srp = session.srp!;
    const timestamp = responses.TIMESTAMP ?? '';
    const at = parseTimestamp(timestamp);
    if (at === undefined || Math.abs(at - api.ctx.clock.now()) > TIMESTAMP_SKEW_MS)
      throw new ApiError('NotAuthorizedException', 'TIMESTAMP is not in the expected format or too far from now.');
    provePassword(
      api,
      user.username,
      () =>
        responses.PASSWORD_CLAIM_SECRET_BLOCK === srp.secretBlock &&
        verifyPasswordClaim(srp, {
          poolName: srpPoolName(api),
          userIdForSrp: user.username,
          secretBlock: srp.secretBlock,
          timestamp,
          signature: responses.PASSWORD_CLAIM_SIGNATURE ?? '',
        }),
    );
    return afterPassword(api, user, client);
  }
  if (session.challenge === 'NEW_PASSWORD_REQUIRED') {
    const password = responses.NEW_PASSWORD;
    if (!password) throw invalidParameter('Missing required parameter NEW_PASSWORD');
    checkPasswordPolicy(password);
    const given = Object.fromEntries(
      Object.entries(responses)
        .filter(([key]) => key.startsWith('userAttributes.'))
        .map(([key, value]) => [key.slice('userAttributes.'.length), value]),
    );
    checkAttributeNames(given);
    checkRequiredAttributes(api.ctx.pool, { ...user.attributes, ...given });
    Object.assign(user.attributes, given);
    user.password = password;
    user.status = 'CONFIRMED';
    return afterFirstFactor(api, user, client, 'TokenGeneration_NewPasswordChallenge');
  }
  if (session.challenge === 'SELECT_MFA_TYPE') {
    const answer = responses.ANSWER ?? '';
    const factor = enabledFactors(user).find((f) => f === answer);
    if (!factor) throw invalidParameter(`ANSWER must be one of MFAS_CAN_CHOOSE`);
    return factorChallenge(api, user, client, factor);
  }
  if (session.challenge in CODE_RESPONSES) {
    const factor = session.challenge as MfaFactor;
    const code = responses[CODE_RESPONSES[factor]] ?? '';
    const outcome = api.state.lockout.attempt(user.username, () => checkFactorCode(api, user, factor, code));
    if (outcome === 'locked') throw new ApiError('NotAuthorizedException', LOCKED_OUT);
    if (outcome === 'wrong') {
      api.state.failChallenge(sessionId, session, MFA_ATTEMPTS);
      throw new ApiError('CodeMismatchException', TOTP_MISMATCH);
    }
    api.state.endChallenge(sessionId);
    return {
      AuthenticationResult: await signInTokens(api, user, client, 'TokenGeneration_Authentication'),
      ChallengeParameters: {},
    };
  }
  if (session.challenge === 'MFA_SETUP') {
    // Only the session VerifySoftwareToken returned finishes the set-up.
    if (!session.verified || !user.totp)
      throw new ApiError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    return {
      AuthenticationResult: await signInTokens(api, user, client, 'TokenGeneration_Authentication'),
      ChallengeParameters: {},
    };
  }
  throw invalidParameter(`Unsupported ChallengeName ${name}`);
}

/** The sign-in actions, by name. */
export const signInActions: Handlers = {
  InitiateAuth: (api, body) => initiate(api, body, false),
  AdminInitiateAuth: (api, body) => initiate(api, body, true),
  RespondToAuthChallenge: (api, body) => respond(api, body, false),
  AdminRespondToAuthChallenge: (api, body) => respond(api, body, true),
};
