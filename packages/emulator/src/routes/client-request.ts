// The shared front half of the token and revoke endpoints: a form body, no repeated parameters, an authenticated client.
import type { Context } from 'hono';
import { authenticateClient } from '../client-auth.js';
import type { EmulatorContext } from '../context.js';
import { oauthError, readForm, repeatedParameter } from '../responses.js';
import type { Client } from '../user-pool.js';

export interface ClientRequest {
  readonly client: Client;
  readonly form: URLSearchParams;
}

/** The authenticated client and its form, or the error response to send instead. */
export async function readClientRequest(c: Context, ctx: EmulatorContext): Promise<ClientRequest | Response> {
  const form = await readForm(c);
  if (!form) return oauthError(c, 400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  const repeated = repeatedParameter(form);
  if (repeated) return oauthError(c, 400, 'invalid_request', `parameter ${repeated} is repeated`);
  const auth = authenticateClient(ctx.pool, c.req.header('authorization'), form);
  if (!auth.ok) return oauthError(c, 400, auth.error, auth.description);
  return { client: auth.client, form };
}
