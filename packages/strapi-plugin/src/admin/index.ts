// The admin panel half of the plugin (Strapi's admin build bundles it): a "Sign in with Cognito" button on the login
// page of Community Edition, which has no SSO slot, and logout through Cognito's /logout once the admin session ends.
import { ADMIN_CONFIG_PATH, ADMIN_MARKER_COOKIE, ADMIN_PLUGIN_ID, type AdminSignInConfig } from '../admin-shared.js';
import { loginPageWatcher } from './login-page.js';

/** The part of Strapi's admin app object this plugin uses. */
interface AdminApp {
  registerPlugin(plugin: { id: string; name: string }): void;
}

declare global {
  interface Window {
    strapi?: { backendURL?: string };
  }
}

async function fetchConfig(): Promise<AdminSignInConfig | undefined> {
  const backend = (window.strapi?.backendURL ?? window.location.origin).replace(/\/+$/, '');
  try {
    const response = await fetch(`${backend}${ADMIN_CONFIG_PATH}`, { credentials: 'same-origin' });
    if (!response.ok) return undefined;
    return ((await response.json()) as { data?: AdminSignInConfig }).data;
  } catch {
    return undefined;
  }
}

/** The plugin object Strapi's admin panel loads from `@cognito-connect/strapi-plugin/strapi-admin`. */
const plugin = {
  register(app: AdminApp): void {
    app.registerPlugin({ id: ADMIN_PLUGIN_ID, name: ADMIN_PLUGIN_ID });
  },
  bootstrap(): void {
    if (typeof document === 'undefined') return;
    loginPageWatcher(document, { config: fetchConfig, markerCookie: ADMIN_MARKER_COOKIE }).start();
  },
};

export default plugin;
/** The button block's element id, for pages and tests that look for it. */
export { BUTTON_BLOCK_ID } from './login-page.js';
