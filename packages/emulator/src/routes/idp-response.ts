// GET /oauth2/idpresponse: where external identity providers send the browser back; the original app sign-in resumes here.
import type { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { FederationError } from '../federation.js';
import { pageError, withQuery } from '../responses.js';
import { finishSignIn } from '../sign-in.js';

export function idpResponseRoutes(app: Hono, ctx: EmulatorContext): void {
  app.get('/oauth2/idpresponse', async (c) => {
    const params = new URL(c.req.url).searchParams;
    const state = params.get('state');
    const flow = state ? ctx.federation.takeFlow(state) : undefined;
    if (!flow)
      return pageError(
        c,
        'The response from the identity provider is unknown, expired or was already used. Go back to the app and sign in again.',
      );
    const { request } = flow;
    const back = (error: 'access_denied' | 'invalid_request', description: string) =>
      c.redirect(withQuery(request.redirectUri, { error_description: description, state: request.state, error }), 302);
    const providerError = params.get('error');
    if (providerError) {
      return back(
        providerError === 'access_denied' ? 'access_denied' : 'invalid_request',
        `${flow.providerName} returned ${providerError}`,
      );
    }
    try {
      const user = await ctx.federation.complete(flow, params);
      return await finishSignIn(c, ctx, request, user, ctx.clock.epochSeconds(), true);
    } catch (cause) {
      if (cause instanceof FederationError) return back('invalid_request', cause.message);
      throw cause;
    }
  });
}
