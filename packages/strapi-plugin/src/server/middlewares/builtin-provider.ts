// Replaces users-permissions' own `cognito` provider: same routes and Providers page, but core's login and verification behind them.
import { DEFAULT_SCOPES, profileFromClaims } from '@cognito-connect/core';
import { CONFIG_SECRET_MARKER, PROVIDER, placeholderDomain, providerSettings } from '../services/app-client.js';
import { guarded } from '../controllers/auth.js';
import { PluginError, logRefusal, refusalForCode, respondWithRefusal } from '../../errors.js';
import { poolRegion } from '../../options.js';
import { CODE_VERIFIER_PARAM, LOGIN_CHALLENGE_PARAM } from '../services/code-binding.js';
import {
  LOGIN_CODE_PARAM,
  allowedRedirect,
  finishLogin,
  redeemCode,
  redirectWithCode,
  startLogin,
} from '../services/flow.js';
import type { Runtime } from '../runtime.js';
import type {
  GrantProviderSettings,
  KoaContext,
  Middleware,
  RegistryProvider,
  RouteDefinition,
  Strapi,
} from '../../strapi.js';

/**
 * The Providers page's values for what config holds: the client ID as it is; the secret as a marker (the page requires one;
 * the real one stays in config); no Host URI when the domain is in config, so the page hides that field and the unused
 * JWKS URL (it shows both only for a non-empty value, and its pattern refuses a URL with a scheme).
 */
function configuredFields(runtime: Runtime): Pick<GrantProviderSettings, 'key' | 'secret' | 'subdomain'> {
  const { options } = runtime;
  return {
    ...(options.clientId ? { key: options.clientId } : {}),
    ...(options.clientId || options.clientSecret ? { secret: CONFIG_SECRET_MARKER } : {}),
    ...(options.domain ? { subdomain: '' } : {}),
  };
}

/** The registry entry: what the Providers page lists and edits, and a core-verified authCallback for any caller that reaches it. */
export function registryProvider(runtime: Runtime): RegistryProvider {
  const { options } = runtime;
  return {
    enabled: Boolean(options.clientId && options.domain),
    icon: 'aws',
    grantConfig: {
      key: '',
      secret: '',
      subdomain: placeholderDomain(poolRegion(options)),
      ...configuredFields(runtime),
      callback: runtime.urls().builtInFrontEnd,
      scope: [...(options.scopes ?? DEFAULT_SCOPES)],
    },
    // users-permissions' own callback never gets here (this plugin answers its routes), but if anything calls the registry,
    // an ID token must still pass core: signature, iss, aud, token_use and expiry. (users-permissions' providers service
    // then matches only accounts of provider "cognito" by email, and refuses the email of any other account.)
    async authCallback({ grantResponse }) {
      const client = await runtime.client.get();
      const profile = profileFromClaims(await client.verifyIdToken(String(grantResponse?.id_token ?? '')));
      if (!profile.email || !profile.emailVerified) throw new Error('Email not verified by Cognito');
      return { username: profile.username, email: profile.email };
    },
  };
}

/**
 * Keeps the Providers page true to config at every boot, and savable unchanged: a value in config replaces the stored one
 * (see configuredFields; a secret typed there earlier is overwritten), and a Host URI emptied while the domain was in
 * config gets its placeholder back once config no longer holds it, so the field shows again.
 *
 * @example
 * ```ts
 * await syncProvidersPage(strapi, runtimeOf(strapi)); // in the plugin's bootstrap
 * ```
 */
export async function syncProvidersPage(strapi: Strapi, runtime: Runtime): Promise<void> {
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
  const grant = ((await store.get({ key: 'grant' })) ?? {}) as Record<string, GrantProviderSettings>;
  const current = grant[PROVIDER] ?? {};
  const next: GrantProviderSettings = {
    ...current,
    ...(current.subdomain ? {} : { subdomain: placeholderDomain(poolRegion(runtime.options)) }),
    ...configuredFields(runtime),
  };
  if ((['key', 'secret', 'subdomain'] as const).some((field) => next[field] !== current[field]))
    await store.set({ key: 'grant', value: { ...grant, [PROVIDER]: next } });
}

async function enabledProvider(strapi: Strapi): Promise<GrantProviderSettings> {
  const settings = await providerSettings(strapi);
  if (!settings.enabled) throw new PluginError('PROVIDER_DISABLED', 'This provider is disabled');
  return settings;
}

/** GET /api/connect/cognito[?callback=] and its /callback, answered by core instead of users-permissions' oauth-connect. */
function connect(strapi: Strapi): Middleware {
  const handle = guarded(strapi, async (runtime, ctx) => {
    const settings = await enabledProvider(strapi);
    const frontEnd = settings.callback || runtime.urls().builtInFrontEnd;
    const frontEndUrl = new URL(frontEnd, runtime.urls().base);
    if (ctx.path.endsWith(`/connect/${PROVIDER}/callback`)) {
      try {
        const login = await finishLogin(runtime, ctx);
        // In the query, as users-permissions' documented front end expects; bound to this browser like every code.
        await redirectWithCode(
          runtime,
          ctx,
          login,
          allowedRedirect(runtime, login.returnTo ?? frontEndUrl.href, [frontEndUrl.origin]),
          'query',
        );
      } catch (error) {
        // As users-permissions does: the front end hears about a failed login at its callback, as error parameters.
        const refusal = logRefusal(strapi.log, error);
        frontEndUrl.search = new URLSearchParams({
          error: 'oauth_error',
          error_code: refusal.code,
          error_description: refusal.message,
        }).toString();
        ctx.set('Cache-Control', 'no-store');
        ctx.redirect(frontEndUrl.href);
      }
      return;
    }
    const requested = typeof ctx.query.callback === 'string' ? ctx.query.callback : undefined;
    if (requested !== undefined) {
      // users-permissions' own rule for ?callback=: same origin and path as the configured front-end callback.
      const validate = strapi.plugin('users-permissions')?.config('callback') as
        { validate?: (callback: string, provider: { callback: string }) => void } | undefined;
      try {
        validate?.validate?.(requested, { callback: frontEndUrl.href });
      } catch {
        throw new PluginError('REDIRECT_NOT_ALLOWED', 'Invalid callback URL provided');
      }
    }
    await startLogin(runtime, ctx, {
      redirectUri: runtime.urls().builtInCallback,
      returnTo: new URL(requested ?? frontEndUrl.href, frontEndUrl).href,
      challenge: typeof ctx.query[LOGIN_CHALLENGE_PARAM] === 'string' ? ctx.query[LOGIN_CHALLENGE_PARAM] : undefined,
    });
  });
  return async (ctx, next) => (isProviderPath(ctx, `/connect/${PROVIDER}`) ? handle(ctx) : next());
}

/**
 * GET /api/auth/cognito/callback?login_code=…: `{ jwt, user }` for the one-time code, once, in the browser that started the
 * login (its binding cookie). There is no koa-session fallback: a session cookie alone, sent by any origin, redeems
 * nothing. A `code_verifier` in this URL is refused: whoever writes a link writes its query, so an attacker's code with the
 * attacker's verifier, forwarded by the documented front end, would sign the victim in as the attacker (and the URL lands
 * in logs). A front end on another site posts the verifier to /api/cognito-connect/exchange instead.
 */
function authCallback(strapi: Strapi): Middleware {
  const handle = guarded(strapi, async (runtime, ctx) => {
    await enabledProvider(strapi);
    ctx.set('Cache-Control', 'no-store');
    const param = (name: string) => (typeof ctx.query[name] === 'string' ? ctx.query[name] : undefined);
    // The documented front end forwards its whole query here: after a refused login that is the refusal's error_code,
    // which it must hear as is (not as a missing login code). Only a known code is relayed; anything else is CODE_INVALID.
    const refused = param(LOGIN_CODE_PARAM) === undefined ? refusalForCode(param('error_code')) : undefined;
    if (refused) return respondWithRefusal(ctx, refused);
    if (ctx.query[CODE_VERIFIER_PARAM] !== undefined) {
      throw new PluginError(
        'CODE_VERIFIER_IN_URL',
        `${CODE_VERIFIER_PARAM} must not travel in a URL (a link can carry anyone's, and logs keep it): POST { code, ${CODE_VERIFIER_PARAM} } to ${runtime.apiPrefix()}/cognito-connect/exchange.`,
      );
    }
    ctx.body = await redeemCode(runtime, ctx, param(LOGIN_CODE_PARAM), undefined);
  });
  return async (ctx, next) => (ctx.params.provider === PROVIDER ? handle(ctx) : next());
}

function isProviderPath(ctx: KoaContext, path: string): boolean {
  return ctx.path.endsWith(path) || ctx.path.endsWith(`${path}/callback`);
}

/** Puts this plugin in front of users-permissions' connect and provider-callback routes, for the cognito provider only. */
export function takeOverRoutes(strapi: Strapi): void {
  const routes = strapi.plugin('users-permissions')?.routes['content-api']?.routes as RouteDefinition[] | undefined;
  if (!routes) throw new Error('cognito-connect needs @strapi/plugin-users-permissions, which is not enabled.');
  const add = (route: RouteDefinition, middleware: Middleware) => {
    route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), middleware] };
  };
  for (const route of routes) {
    if (route.handler === 'auth.connect') add(route, connect(strapi));
    if (route.handler === 'auth.callback' && route.path === '/auth/:provider/callback')
      add(route, authCallback(strapi));
  }
}
