// Cognito's Lambda triggers as local JS modules named in the seed, run alike for the user-pool API and the hosted UI.
import { pathToFileURL } from 'node:url';
import type { JWTPayload } from 'jose';
import type { SeedTriggers } from './seed.js';
import type { Client, User, UserPool } from './user-pool.js';

/** The pre token generation trigger's `triggerSource` values the emulator sends. */
export type TokenSource =
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_RefreshTokens';

/** Claims added, overridden or suppressed in one token (Cognito's `claimsToAddOrOverride` / `claimsToSuppress`). */
export interface ClaimEdits {
  readonly claimsToAddOrOverride?: Record<string, unknown>;
  readonly claimsToSuppress?: readonly string[];
  readonly scopesToAdd?: readonly string[];
  readonly scopesToSuppress?: readonly string[];
}

/** What a pre token generation trigger changed. */
export interface TokenCustomization {
  readonly groups?: string[];
  readonly idToken?: ClaimEdits;
  readonly accessToken?: ClaimEdits;
}

/** What the token issuer tells the trigger about the tokens it is about to mint. */
export interface TokenContext {
  readonly user: User;
  readonly client: Client;
  readonly groups: string[];
  readonly scopes: readonly string[];
  readonly source: TokenSource;
}

export type TokenCustomizer = (context: TokenContext) => Promise<TokenCustomization | undefined>;

/** Claims Cognito never lets a trigger add, change or suppress. */
const RESERVED = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'c_hash',
  'client_id',
  'cognito:groups',
  'cognito:username',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'scope',
  'sub',
  'token_use',
  'username',
  'version',
]);

/** Applies a trigger's edits to a token's claims, leaving reserved claims alone. */
export function editClaims(claims: JWTPayload, edits: ClaimEdits | undefined): JWTPayload {
  if (!edits) return claims;
  const out: JWTPayload = { ...claims };
  for (const [name, value] of Object.entries(edits.claimsToAddOrOverride ?? {}))
    if (!RESERVED.has(name)) out[name] = value;
  for (const name of edits.claimsToSuppress ?? []) if (!RESERVED.has(name)) delete out[name];
  if (typeof out.scope === 'string' && (edits.scopesToAdd || edits.scopesToSuppress)) {
    const suppressed = new Set(edits.scopesToSuppress ?? []);
    const scopes = [...new Set([...out.scope.split(' '), ...(edits.scopesToAdd ?? [])])];
    out.scope = scopes.filter((s) => s && !suppressed.has(s)).join(' ');
  }
  return out;
}

/** A trigger module threw or answered with something unusable; the API reports it as `UserLambdaValidationException`. */
export class TriggerError extends Error {
  constructor(
    readonly trigger: keyof SeedTriggers,
    reason: string,
  ) {
    super(`${LAMBDA_NAMES[trigger]} failed with error ${reason}.`);
    this.name = 'TriggerError';
  }
}

const LAMBDA_NAMES: Record<keyof SeedTriggers, string> = {
  preSignUp: 'PreSignUp',
  postConfirmation: 'PostConfirmation',
  preAuthentication: 'PreAuthentication',
  preTokenGeneration: 'PreTokenGeneration',
};

type Handler = (event: TriggerEvent) => unknown;

/** The fields every Cognito trigger event carries. */
export interface TriggerEvent {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: Record<string, unknown>;
  response: Record<string, unknown>;
}

/** What a pre sign-up trigger decided. */
export interface PreSignUpResult {
  readonly autoConfirmUser: boolean;
  readonly autoVerifyEmail: boolean;
  readonly autoVerifyPhone: boolean;
}

/** The seed's trigger modules, imported on first use. */
export class Triggers {
  private readonly handlers = new Map<keyof SeedTriggers, Promise<Handler>>();

  constructor(
    private readonly paths: SeedTriggers,
    private readonly pool: UserPool,
  ) {}

  /** Runs before a user is created by SignUp (or AdminCreateUser); may auto-confirm and auto-verify. */
  async preSignUp(
    source: 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser',
    username: string,
    clientId: string,
    attributes: Record<string, string>,
    extra: { validationData?: unknown; clientMetadata?: unknown } = {},
  ): Promise<PreSignUpResult> {
    const response = await this.run('preSignUp', source, username, clientId, {
      userAttributes: attributes,
      validationData: extra.validationData ?? null,
      clientMetadata: extra.clientMetadata ?? null,
    });
    return {
      autoConfirmUser: response?.autoConfirmUser === true,
      autoVerifyEmail: response?.autoVerifyEmail === true,
      autoVerifyPhone: response?.autoVerifyPhone === true,
    };
  }

  /** Runs after ConfirmSignUp or ConfirmForgotPassword. */
  async postConfirmation(
    source: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword',
    user: User,
    clientId: string,
  ): Promise<void> {
    await this.run('postConfirmation', source, user.username, clientId, { userAttributes: this.attributesOf(user) });
  }

  /** Runs before a password check succeeds into a sign-in, on the API and in the hosted UI; throwing refuses it. */
  async preAuthentication(user: User, clientId: string): Promise<void> {
    await this.run('preAuthentication', 'PreAuthentication_Authentication', user.username, clientId, {
      userAttributes: this.attributesOf(user),
      validationData: null,
    });
  }

  /** The token customizer for {@link TokenIssuer}: pre token generation V2, or nothing without a trigger. */
  readonly customizeTokens: TokenCustomizer = async ({ user, client, groups, scopes, source }) => {
    if (!this.paths.preTokenGeneration) return undefined;
    const response = await this.run(
      'preTokenGeneration',
      source,
      user.username,
      client.clientId,
      {
        userAttributes: this.attributesOf(user),
        groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: null },
        scopes: [...scopes],
      },
      '2',
    );
    const details = response?.claimsAndScopeOverrideDetails as
      | {
          idTokenGeneration?: ClaimEdits;
          accessTokenGeneration?: ClaimEdits;
          groupOverrideDetails?: { groupsToOverride?: string[] };
        }
      | null
      | undefined;
    if (!details) return undefined;
    return {
      ...(details.groupOverrideDetails?.groupsToOverride
        ? { groups: details.groupOverrideDetails.groupsToOverride }
        : {}),
      ...(details.idTokenGeneration ? { idToken: details.idTokenGeneration } : {}),
      ...(details.accessTokenGeneration ? { accessToken: details.accessTokenGeneration } : {}),
    };
  };

  /** Attributes as Cognito hands them to triggers: strings, plus `sub` and `cognito:user_status`. */
  private attributesOf(user: User): Record<string, string> {
    return { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status ?? 'CONFIRMED' };
  }

  private async run(
    name: keyof SeedTriggers,
    triggerSource: string,
    userName: string,
    clientId: string,
    request: Record<string, unknown>,
    version = '1',
  ): Promise<Record<string, unknown> | undefined> {
    const path = this.paths[name];
    if (!path) return undefined;
    const event: TriggerEvent = {
      version,
      triggerSource,
      region: this.pool.region,
      userPoolId: this.pool.id,
      userName,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
      request,
      response: name === 'preTokenGeneration' ? { claimsAndScopeOverrideDetails: null } : {},
    };
    let result: unknown;
    try {
      const handler = await this.load(name, path);
      result = await handler(event);
    } catch (cause) {
      throw new TriggerError(name, cause instanceof Error ? cause.message : String(cause));
    }
    // A handler may return the event (as Lambda handlers do) or change it in place and return nothing.
    const answered = (result ?? event) as Partial<TriggerEvent>;
    return answered.response ?? undefined;
  }

  private load(name: keyof SeedTriggers, path: string): Promise<Handler> {
    let handler = this.handlers.get(name);
    if (!handler) {
      handler = import(pathToFileURL(path).href).then((mod: Record<string, unknown>) => {
        const fn = mod.handler ?? (mod.default as Record<string, unknown> | undefined)?.handler ?? mod.default;
        if (typeof fn !== 'function') throw new Error(`${path} exports no handler function`);
        return fn as Handler;
      });
      this.handlers.set(name, handler);
    }
    return handler;
  }
}
