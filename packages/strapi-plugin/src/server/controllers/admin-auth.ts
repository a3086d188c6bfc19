// The admin panel sign-in's endpoints: /api/cognito-connect/admin/login and /callback, and the panel's /cognito-connect/admin/config.
import { ADMIN_MARKER_COOKIE, type AdminSignInConfig } from '../../admin-shared.js';
import { logRefusal } from '../../errors.js';
import type { KoaContext, Strapi } from '../../strapi.js';
import { withAdmin } from '../../strapi-admin.js';
import { type Runtime, runtimeOf } from '../runtime.js';
import { adminCookies, openAdminSession } from '../services/admin-session.js';
import { refusalPage } from '../services/admin-refusal-page.js';
import { startLogin, verifyCallback } from '../services/flow.js';

/** The admin sign-in's URLs, absolute, from Strapi's public URL and `admin.url`. */
export function adminUrls(runtime: Runtime): {
  login: string;
  callback: string;
  panel: string;
  panelLogin: string;
  logoutUri: string;
} {
  const { base } = runtime.urls();
  const api = `${base}${runtime.apiPrefix()}/cognito-connect/admin`;
  const configured = String(runtime.strapi.config.get<string>('admin.url', '/admin') || '/admin').replace(/\/+$/, '');
  const panel = /^https?:\/\//.test(configured) ? configured : `${base}${configured}`;
  return {
    login: `${api}/login`,
    callback: `${api}/callback`,
    panel,
    panelLogin: `${panel}/auth/login`,
    logoutUri: runtime.options.admin.logoutUri ?? `${panel}/auth/login`,
  };
}

/** Cognito's /logout returning to the admin login page, or undefined when the app client is not configured yet. */
async function cognitoLogoutUrl(runtime: Runtime): Promise<string | undefined> {
  try {
    return (await runtime.client.get()).logoutUrl({ logoutUri: adminUrls(runtime).logoutUri });
  } catch {
    return undefined;
  }
}

const notFound = (ctx: KoaContext) => {
  ctx.status = 404;
  ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} } };
};

/** Admin sign-in controller (the routes exist always; they answer 404 while `admin.enabled` is off). */
export const adminAuthController = ({ strapi }: { strapi: Strapi }) => ({
  async config(ctx: KoaContext) {
    const runtime = runtimeOf(strapi);
    const urls = adminUrls(runtime);
    const data: AdminSignInConfig = {
      enabled: runtime.options.admin.enabled,
      label: runtime.options.admin.buttonLabel,
      loginUrl: urls.login,
      logoutUrl: (runtime.options.admin.enabled && (await cognitoLogoutUrl(runtime))) || urls.panelLogin,
      markerPath: adminCookies(strapi).path,
    };
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data };
  },

  async login(ctx: KoaContext) {
    const runtime = runtimeOf(strapi);
    if (!runtime.options.admin.enabled) return notFound(ctx);
    try {
      await startLogin(runtime, ctx, {
        redirectUri: adminUrls(runtime).callback,
        ...(runtime.options.admin.identityProvider ? { identityProvider: runtime.options.admin.identityProvider } : {}),
      });
    } catch (error) {
      await refuse(runtime, ctx, error);
    }
  },

  async callback(ctx: KoaContext) {
    const runtime = runtimeOf(strapi);
    if (!runtime.options.admin.enabled) return notFound(ctx);
    try {
      const { profile } = await verifyCallback(runtime, ctx);
      const user = await runtime.adminUsers.signIn(profile);
      await openAdminSession(strapi, ctx, user.id);
      withAdmin(strapi).eventHub?.emit('admin.auth.success', {
        user: withAdmin(strapi).service('admin::user').sanitizeUser(user),
        provider: 'cognito-connect',
      });
      ctx.set('Cache-Control', 'no-store');
      ctx.redirect(adminUrls(runtime).panel);
    } catch (error) {
      await refuse(runtime, ctx, error);
    }
  },
});

/** A refused admin sign-in: logged once with its code, answered with a readable page (never JSON in the browser). */
async function refuse(runtime: Runtime, ctx: KoaContext, error: unknown): Promise<void> {
  const refusal = logRefusal(runtime.strapi.log, error);
  const urls = adminUrls(runtime);
  // The marker would send the next login page through Cognito's /logout: this browser never got an admin session.
  ctx.cookies.set(ADMIN_MARKER_COOKIE, null, { path: adminCookies(runtime.strapi).path, maxAge: 0, httpOnly: false });
  const page = refusalPage({
    status: refusal.status,
    code: refusal.code,
    message: refusal.message,
    loginUrl: urls.panelLogin,
    switchAccountUrl: await cognitoLogoutUrl(runtime),
  });
  ctx.status = page.status;
  page.headers.forEach((value, name) => ctx.set(name, value));
  ctx.body = await page.text();
}
