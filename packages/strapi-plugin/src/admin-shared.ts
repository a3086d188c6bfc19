// Names the server half and the admin panel half of the admin sign-in must agree on (the panel is bundled by Strapi's admin build).

/** The plugin's id in the admin panel and its admin-type routes' prefix (`/cognito-connect/...`). */
export const ADMIN_PLUGIN_ID = 'cognito-connect';

/** The admin-type route the login page asks whether to show the button, and where it leads. */
export const ADMIN_CONFIG_PATH = `/${ADMIN_PLUGIN_ID}/admin/config`;

/**
 * A marker cookie (path: the admin panel, readable by the panel's script, no secret in it) set at a Cognito sign-in: when the
 * panel shows its login page again while it is set, the admin session has ended, so the panel clears it and sends the
 * browser through Cognito's /logout too.
 */
export const ADMIN_MARKER_COOKIE = 'cognito_connect_admin';

/** What the admin-type config route answers (`{ data: AdminSignInConfig }`). */
export interface AdminSignInConfig {
  /** Whether admin sign-in is on. */
  enabled: boolean;
  /** The button's label. */
  label: string;
  /** Where the button leads (starts the Cognito login). */
  loginUrl: string;
  /** Cognito's /logout for this app client, returning to the admin login page: where the panel goes after an admin logout. */
  logoutUrl: string;
  /** The path the marker cookie was set on (Strapi's admin cookie path), so the panel can clear it. */
  markerPath: string;
}
