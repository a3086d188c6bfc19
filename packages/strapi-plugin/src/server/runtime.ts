// Everything one Strapi instance's plugin shares (options, app client, tickets, users), built once at register.
import { type AppClient, createAppClient, pluginUrls, type PluginUrls } from './services/app-client.js';
import { type PluginOptions, PLUGIN_NAME, parseOptions } from '../options.js';
import type { Strapi } from '../strapi.js';
import { createTickets, type Tickets } from './services/tickets.js';
import { createUsers, type Users } from './services/users.js';
import { type AdminUsers, createAdminUsers } from './services/admin-users.js';

export interface Runtime {
  strapi: Strapi;
  options: PluginOptions;
  client: AppClient;
  tickets: Tickets;
  users: Users;
  /** The admin panel sign-in's users (options.admin). */
  adminUsers: AdminUsers;
  /** Read per request: Strapi's public URL can be set after the plugin loads. */
  urls(): PluginUrls;
  /** The REST prefix (`/api`), under which the plugin's routes live. */
  apiPrefix(): string;
}

const runtimes = new WeakMap<Strapi, Runtime>();

export function createRuntime(strapi: Strapi): Runtime {
  const options = parseOptions(strapi.config.get(`plugin::${PLUGIN_NAME}`));
  const tickets = createTickets(strapi);
  const runtime: Runtime = {
    strapi,
    options,
    tickets,
    client: createAppClient(strapi, options, tickets),
    users: createUsers(strapi, options, strapi.log),
    adminUsers: createAdminUsers(strapi, options, strapi.log),
    urls: () => pluginUrls(strapi, options),
    apiPrefix: () => String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/+$/, ''),
  };
  runtimes.set(strapi, runtime);
  return runtime;
}

/** The runtime `register` built for this Strapi. */
export function runtimeOf(strapi: Strapi): Runtime {
  const runtime = runtimes.get(strapi);
  if (!runtime) throw new Error(`${PLUGIN_NAME}: used before its register() ran`);
  return runtime;
}
