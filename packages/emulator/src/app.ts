// Assembles the emulator's routes into one Hono app: the domain at the root, the issuer under /<poolId>, admin under /__emulator.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { EmulatorAdmin } from './admin.js';
import type { EmulatorContext } from './context.js';
import type { EmulatorFaults } from './faults.js';
import { apiRoutes } from './api/router.js';
import { adminRoutes } from './routes/admin.js';
import { authorizeRoutes } from './routes/authorize.js';
import { errorRoutes } from './routes/error.js';
import { forgotPasswordRoutes } from './routes/forgot-password.js';
import { idpResponseRoutes } from './routes/idp-response.js';
import { loginRoutes } from './routes/login.js';
import { logoutRoutes } from './routes/logout.js';
import { mfaStepRoutes } from './routes/mfa-step.js';
import { passwordStepRoutes } from './routes/password-step.js';
import { revokeRoutes } from './routes/revoke.js';
import { signUpRoutes } from './routes/sign-up.js';
import { tokenRoutes } from './routes/token.js';
import { userInfoRoutes } from './routes/userinfo.js';
import { wellKnownRoutes } from './routes/well-known.js';

export function createApp(ctx: EmulatorContext, admin: EmulatorAdmin, faults: EmulatorFaults): Hono {
  const app = new Hono();
  // Browser apps (public clients) call these directly, so Cognito answers them cross-origin.
  const crossOrigin = cors({
    origin: '*',
    allowHeaders: ['Authorization', 'Content-Type'],
    allowMethods: ['GET', 'POST'],
  });
  for (const path of ['/oauth2/token', '/oauth2/userInfo', '/oauth2/revoke', `/${ctx.pool.id}/.well-known/*`])
    app.use(path, crossOrigin);

  authorizeRoutes(app, ctx);
  loginRoutes(app, ctx);
  passwordStepRoutes(app, ctx);
  mfaStepRoutes(app, ctx);
  forgotPasswordRoutes(app, ctx);
  signUpRoutes(app, ctx);
  errorRoutes(app, ctx);
  idpResponseRoutes(app, ctx);
  tokenRoutes(app, ctx);
  userInfoRoutes(app, ctx);
  revokeRoutes(app, ctx);
  logoutRoutes(app, ctx);
  wellKnownRoutes(app, ctx);
  adminRoutes(app, admin, faults);
  apiRoutes(app, ctx);
  ctx.standIns.mount(app);

  app.notFound((c) =>
    c.json(
      {
        error: 'not_found',
        message: `${c.req.method} ${new URL(c.req.url).pathname} is not a Cognito emulator endpoint`,
      },
      404,
    ),
  );
  app.onError((err, c) => {
    // Only our own message: request data (codes, tokens, secrets) never reaches the log.
    console.error(
      `[cognito-emulator] ${c.req.method} ${new URL(c.req.url).pathname} failed: ${err.name}: ${err.message}`,
    );
    return c.json({ error: 'server_error' }, 500);
  });
  return app;
}
