// POST / with `X-Amz-Target: AWSCognitoIdentityProviderService.<Action>`: the user-pool API's one door, in AWS JSON 1.1.
import type { Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import type { EmulatorContext } from '../context.js';
import { uuid } from '../random.js';
import { TriggerError } from '../triggers.js';
import { adminUserActions } from './admin-users.js';
import type { ApiContext } from './common.js';
import { ApiError } from './errors.js';
import type { Body } from './input.js';
import { mfaActions } from './mfa.js';
import { poolActions } from './pool.js';
import { selfServiceActions } from './self-service.js';
import { signInActions } from './sign-in.js';

/** One API action: the parsed body in, the JSON answer out (or an {@link ApiError} thrown). */
export type Handler = (api: ApiContext, body: Body) => Promise<object> | object;
export type Handlers = Record<string, Handler>;

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

const ACTIONS: Handlers = {
  ...signInActions,
  ...mfaActions,
  ...selfServiceActions,
  ...adminUserActions,
  ...poolActions,
};

/** The action names the emulator answers, for the README and tests. */
export const API_ACTIONS: readonly string[] = Object.keys(ACTIONS).sort();

function answer(c: Context, status: 200 | 400 | 500, body: object, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), status, {
    'Content-Type': CONTENT_TYPE,
    'x-amzn-RequestId': uuid(),
    ...headers,
  });
}

function failure(c: Context, type: string, message: string, status: 400 | 500 = 400): Response {
  return answer(
    c,
    status,
    { __type: type, message },
    { 'x-amzn-ErrorType': `${type}:`, 'x-amzn-ErrorMessage': message },
  );
}

export function apiRoutes(app: Hono, ctx: EmulatorContext): void {
  const state = ctx.apiState;
  // Amplify and amazon-cognito-identity-js call the API straight from the browser.
  app.use(
    '/',
    cors({
      origin: '*',
      allowMethods: ['POST'],
      exposeHeaders: ['x-amzn-RequestId', 'x-amzn-ErrorType', 'x-amzn-ErrorMessage'],
    }),
  );
  app.post('/', async (c) => {
    const target = c.req.header('x-amz-target') ?? '';
    const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
    const handler = action !== undefined && Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!handler)
      return failure(
        c,
        'UnknownOperationException',
        action ? `${action} is not supported by the emulator` : 'Missing or unknown X-Amz-Target',
      );
    let body: unknown;
    try {
      body = JSON.parse((await c.req.text()) || '{}');
    } catch {
      return failure(c, 'SerializationException', 'The request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return failure(c, 'SerializationException', 'The request body must be a JSON object');
    try {
      return answer(c, 200, await handler({ ctx, state }, body as Body));
    } catch (cause) {
      if (cause instanceof ApiError) return failure(c, cause.type, cause.message);
      if (cause instanceof TriggerError) return failure(c, 'UserLambdaValidationException', cause.message);
      console.error(`[cognito-emulator] ${action} failed: ${(cause as Error).name}: ${(cause as Error).message}`);
      return failure(c, 'InternalErrorException', 'Internal server error', 500);
    }
  });
}
