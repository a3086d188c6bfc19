// The Strapi admin panel as an administrator drives it in Chromium: first-admin registration, password login, and the
// Providers page's Cognito modal saved unchanged; plus a sign-in through a login route that ends on Strapi's JSON answer.
import type { Page } from 'playwright-core';

/** An administrator with a password, as Strapi's registration form takes it. */
export interface PanelAdmin {
  firstname: string;
  lastname: string;
  email: string;
  password: string;
}

/** Fills Strapi's "Welcome to Strapi!" form of a fresh app (the first administrator) and waits until the panel takes it. */
export async function registerFirstAdmin(page: Page, base: string, admin: PanelAdmin): Promise<void> {
  await page.goto(`${base}/admin`);
  await page.waitForURL(/\/admin\/auth\/register-admin/);
  for (const field of ['firstname', 'lastname', 'email', 'password'] as const)
    await page.fill(`input[name=${field}]`, admin[field]);
  await page.fill('input[name=confirmPassword]', admin.password);
  await page.getByRole('button', { name: "Let's start" }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'));
}

/** Logs in on the admin login page with email and password. */
export async function logInToAdmin(page: Page, base: string, admin: Pick<PanelAdmin, 'email' | 'password'>) {
  await page.goto(`${base}/admin/auth/login`);
  await page.fill('input[name=email]', admin.email);
  await page.fill('input[name=password]', admin.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'));
}

/** What the Cognito modal showed: its field labels and the values of its text fields. */
export interface ProviderModal {
  labels: string[];
  values: Record<string, string>;
}

/**
 * Opens Settings > Users & Permissions > Providers > Cognito, reads the modal, clicks Save without touching anything and
 * waits for Strapi's "Settings have been updated"; throws with the form's error messages if the save is refused.
 */
export async function saveCognitoProviderUnchanged(
  page: Page,
  base: string,
  screenshot?: string,
): Promise<ProviderModal> {
  await page.goto(`${base}/admin/settings/users-permissions/providers`);
  await page
    .getByRole('row', { name: /cognito/i })
    .getByRole('button', { name: 'Edit' })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Save' }).waitFor();
  const modal: ProviderModal = { labels: [], values: {} };
  for (const label of await dialog.locator('label').all()) {
    const text = (await label.innerText()).trim();
    modal.labels.push(text);
    const input = dialog.getByLabel(text, { exact: true });
    if ((await input.count()) === 1 && (await input.getAttribute('type')) === 'text')
      modal.values[text] = await input.inputValue();
  }
  if (screenshot) await page.screenshot({ path: screenshot });
  await dialog.getByRole('button', { name: 'Save' }).click();
  const saved = page.getByText('Settings have been updated');
  const refused = dialog.locator('[role=alert], [data-strapi-field-error], p[id$=-error]');
  await Promise.race([saved.waitFor(), refused.first().waitFor()]);
  if (!(await saved.isVisible())) {
    const messages = await refused.allInnerTexts();
    throw new Error(`the Providers page refused to save Cognito unchanged: ${messages.join('; ')}`);
  }
  return modal;
}

/**
 * Opens `start` (a login route), signs in on the emulator's hosted UI and returns the JSON Strapi answers at the end of the
 * flow (`{ jwt, user }`, from the hardened callback or users-permissions' /api/auth/cognito/callback).
 */
export async function signInToJson(
  page: Page,
  start: string,
  user: { username: string; password: string },
): Promise<{ jwt: string; user: { email: string; username: string } }> {
  const origin = new URL(start).origin;
  await page.goto(start);
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => url.origin === origin && !url.pathname.endsWith('/callback/redirect'));
  await page.waitForLoadState('load');
  // Chromium shows a JSON answer in a <pre> (beside its "pretty-print" switch).
  const pre = page.locator('pre');
  const text = await ((await pre.count()) > 0 ? pre.first() : page.locator('body')).innerText();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`the sign-in from ${start} ended on ${page.url()} with: ${text.slice(0, 500)}`);
  }
}
