// GET /logout: ends the hosted-UI session, then returns to a registered logout URL or back to the sign-in page.
import type { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { pageError } from '../responses.js';

export function logoutRoutes(app: Hono, ctx: EmulatorContext): void {
  app.get('/logout', (c) => {
    const params = new URL(c.req.url).searchParams;
    const clientId = params.get('client_id');
    const client = clientId ? ctx.pool.clients.get(clientId) : undefined;
    if (!client)
      return pageError(
        c,
        clientId ? 'Invalid client_id: no app client has this id.' : 'Required parameter client_id is missing.',
      );
    const logoutUri = params.get('logout_uri');
    if (logoutUri !== null) {
      if (!client.logoutUrls.includes(logoutUri))
        return pageError(c, "logout_uri is not one of the app client's sign-out URLs.");
      ctx.sessions.end(c);
      return c.redirect(logoutUri, 302);
    }
    if (params.get('redirect_uri') !== null && params.get('response_type') !== null) {
      ctx.sessions.end(c);
      // /login validates redirect_uri against the callback URLs itself.
      return c.redirect(`${ctx.urls.domain}/login?${params.toString()}`, 302);
    }
    return pageError(c, 'Required parameter logout_uri (or redirect_uri with response_type) is missing.');
  });
}
