// Watches the admin panel for its login page: adds the Cognito button under the password form, and after an admin logout
// (the login page shown while the sign-in marker cookie is still set) sends the browser through Cognito's /logout.
import type { AdminSignInConfig } from '../admin-shared.js';

/** The element id of the button's block (the browser tests find it by its text). */
export const BUTTON_BLOCK_ID = 'cognito-connect-admin-sign-in';
const LOGOUT_GUARD_KEY = 'cognito-connect:admin-logout-at';

interface WatcherDeps {
  /** The server's answer to the config route (fetched once, when the login page first shows). */
  config(): Promise<AdminSignInConfig | undefined>;
  /** Name of the cookie the server sets at a Cognito sign-in and clears at the Cognito logout. */
  markerCookie: string;
}

const hasCookie = (doc: Document, name: string) =>
  doc.cookie.split(';').some((part) => part.trim().startsWith(`${name}=`));

function buttonBlock(doc: Document, config: AdminSignInConfig): HTMLElement {
  const block = doc.createElement('div');
  block.id = BUTTON_BLOCK_ID;
  block.style.cssText = 'margin-top:24px;display:flex;flex-direction:column;gap:16px;';
  const divider = doc.createElement('div');
  divider.style.cssText = 'display:flex;align-items:center;gap:8px;color:#666687;font-size:1.2rem;';
  const line = () => {
    const hr = doc.createElement('span');
    hr.style.cssText = 'flex:1;border-top:1px solid #dcdce4;';
    return hr;
  };
  divider.append(line(), doc.createTextNode('or'), line());
  const link = doc.createElement('a');
  link.href = config.loginUrl;
  link.textContent = config.label;
  link.style.cssText =
    'display:block;text-align:center;padding:10px 16px;border:1px solid #dcdce4;border-radius:4px;' +
    'background:#ffffff;color:#32324d;font-weight:600;font-size:1.4rem;text-decoration:none;';
  block.append(divider, link);
  return block;
}

/** Clears the marker, then leaves for Cognito's /logout (a plain navigation: nothing on this origin changes state). */
function endCognitoSession(doc: Document, name: string, settings: AdminSignInConfig): void {
  const storage = doc.defaultView?.sessionStorage;
  const last = Number(storage?.getItem(LOGOUT_GUARD_KEY) ?? 0);
  doc.cookie = `${name}=; Path=${settings.markerPath}; Max-Age=0; SameSite=Lax`;
  // Never loop: if the marker survived a logout a moment ago, stay on the login page.
  if (Date.now() - last < 15_000) return;
  storage?.setItem(LOGOUT_GUARD_KEY, String(Date.now()));
  doc.defaultView?.location.assign(settings.logoutUrl);
}

/**
 * A watcher over the admin panel's DOM (a single-page app: the login page comes and goes without a page load).
 *
 * @example
 * ```ts
 * loginPageWatcher(document, { config: fetchConfig, markerCookie: 'cognito_connect_admin' }).start();
 * ```
 */
export function loginPageWatcher(doc: Document, deps: WatcherDeps): { start(): void; stop(): void } {
  let config: Promise<AdminSignInConfig | undefined> | undefined;
  const check = () => {
    if (!/\/auth\/login\/?$/.test(doc.location.pathname) || doc.getElementById(BUTTON_BLOCK_ID)) return;
    const form = doc.querySelector('input[name="password"]')?.closest('form');
    if (!form) return;
    config ??= deps.config();
    void config.then((settings) => {
      if (!settings?.enabled || !form.isConnected || doc.getElementById(BUTTON_BLOCK_ID)) return;
      if (hasCookie(doc, deps.markerCookie)) endCognitoSession(doc, deps.markerCookie, settings);
      form.after(buttonBlock(doc, settings));
    });
  };
  const observer = new MutationObserver(check);
  return {
    start() {
      observer.observe(doc.body, { childList: true, subtree: true });
      check();
    },
    stop() {
      observer.disconnect();
    },
  };
}
