// The Strapi 5 plugin object (what strapi/strapi-server.js hands to Strapi): lifecycles, config, routes, controllers, content types.
import { bearerStrategy } from './server/strategies/bearer.js';
import { registryProvider, syncProvidersPage, takeOverRoutes } from './server/middlewares/builtin-provider.js';
import { authController } from './server/controllers/auth.js';
import { parseOptions } from './options.js';
import { routes } from './server/routes/index.js';
import { createRuntime, runtimeOf } from './server/runtime.js';
import type { Strapi } from './strapi.js';
import { TICKET_UID, ticketContentType } from './server/content-types/ticket.js';
import { SUB_ATTRIBUTE, USER_UID } from './server/services/users.js';
import { ADMIN_IDENTITY_UID, adminIdentityContentType } from './server/content-types/admin-identity.js';
import { adminAuthController } from './server/controllers/admin-auth.js';
import { adminRoutes } from './server/routes/admin.js';
import { roleMappingWarnings } from './server/services/role-check.js';

function register({ strapi }: { strapi: Strapi }): void {
  const runtime = createRuntime(strapi);
  // Added on every boot, before Strapi syncs the database schema, so the column always exists; private keeps it out of API output.
  strapi.get('content-types').extend(USER_UID, (contentType) => {
    contentType.attributes[SUB_ATTRIBUTE] = {
      type: 'string',
      private: true,
      configurable: false,
      column: { unique: true },
    };
  });
  if (runtime.options.replaceBuiltInProvider) {
    strapi.plugin('users-permissions')?.service('providers-registry').add('cognito', registryProvider(runtime));
    takeOverRoutes(strapi);
  }
  if (runtime.options.bearer.enabled) strapi.get('auth').register('content-api', bearerStrategy(runtime));
  const graphql = strapi.plugin('graphql') as
    { service(name: 'extension'): { shadowCRUD(uid: string): { disable(): void } } } | undefined;
  graphql?.service('extension').shadowCRUD(TICKET_UID).disable();
  graphql?.service('extension').shadowCRUD(ADMIN_IDENTITY_UID).disable();
}

/** Runs `task` once Strapi has finished loading (every plugin's and the app's bootstrap); Strapi offers no hook for that. */
function whenLoaded(strapi: Strapi, task: () => Promise<void>): void {
  const giveUp = Date.now() + 600_000;
  const tick = () => {
    if (strapi.isLoaded) {
      task().catch((error: unknown) => strapi.log.debug(`[cognito-connect] role check skipped: ${String(error)}`));
    } else if (Date.now() < giveUp) setTimeout(tick, 100).unref();
  };
  tick();
}

async function bootstrap({ strapi }: { strapi: Strapi }): Promise<void> {
  const runtime = runtimeOf(strapi);
  if (runtime.options.replaceBuiltInProvider) await syncProvidersPage(strapi, runtime);
  // Once the app's own bootstrap (which may create roles) has run too. A warning, not a failed boot: the missing role is
  // created on this very Strapi's admin panel, which must be up for that.
  whenLoaded(strapi, async () => {
    for (const warning of await roleMappingWarnings(strapi, runtime.options)) strapi.log.warn(warning);
  });
  if (!strapi.config.get<string>('server.url', '').startsWith('http') && !runtime.options.redirectUri) {
    strapi.log.warn(
      '[cognito-connect] server.url is not an absolute URL; set it (config/server) so the Cognito callback URLs are right.',
    );
  }
  if (runtime.options.admin.enabled) {
    const missing = await runtime.adminUsers.missingRoles();
    if (missing.length > 0)
      strapi.log.error(
        `[cognito-connect] admin.groupRoles names admin roles that do not exist: ${missing.map((r) => `"${r}"`).join(', ')}. Use a role's name or code from Settings > Administration Panel > Roles; sign-ins mapped to them are refused.`,
      );
  }
}

export default {
  register,
  bootstrap,
  config: {
    default: {},
    validator: (config: unknown) => {
      parseOptions(config);
    },
  },
  routes: { ...routes, ...adminRoutes },
  controllers: { auth: authController, 'admin-auth': adminAuthController },
  contentTypes: { ticket: ticketContentType, 'admin-identity': adminIdentityContentType },
};
