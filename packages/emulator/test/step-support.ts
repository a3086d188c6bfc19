// Drives the hosted UI to a step page after the password (change password, reset code, MFA code) and posts its form.
import { CookieJar } from '../../../test-fixtures/support/hosted-ui.js';
import type { Emulator } from '../src/index.js';
import { CONFIDENTIAL, authorizeUrl, pkce } from './support.js';

/** A step's page, reached by signing in at the hosted UI: what its form posts, its headers, the browser's jar. */
export interface StepPage {
  html: string;
  pending: string;
  action: string;
  state: string;
  verifier: string;
  jar: CookieJar;
  headers: Headers;
}

const formOf = (html: string) => ({
  pending: /name="pending" value="([^"]+)"/.exec(html)?.[1],
  action: /<form method="post" action="([^"]+)"/.exec(html)?.[1],
});

/** Signs in at the hosted UI with the confidential client and PKCE, and returns the step page the password led to. */
export async function signInToStep(emulator: Emulator, username: string, password: string): Promise<StepPage> {
  const jar = new CookieJar();
  const { verifier, challenge } = pkce();
  const state = `state-${username}`;
  const authorize = await fetch(
    authorizeUrl(emulator, {
      client_id: CONFIDENTIAL.id,
      state,
      scope: 'openid email profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }),
    { redirect: 'manual' },
  );
  const loginPage = await (await fetch(authorize.headers.get('location')!)).text();
  const login = await fetch(`${emulator.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ pending: formOf(loginPage).pending!, username, password }),
  });
  jar.store(login, emulator.url);
  const html = await login.text();
  const { pending, action } = formOf(html);
  if (!pending || !action) throw new Error(`no step form (status ${login.status}): ${html.slice(0, 300)}`);
  return { html, pending, action, state, verifier, jar, headers: login.headers };
}

/** Posts the step's form with `fields` from this browser (or with `cookie` instead of its jar). */
export function submitStep(
  emulator: Emulator,
  step: StepPage,
  fields: Record<string, string>,
  cookie = step.jar.header(emulator.url),
): Promise<Response> {
  return fetch(`${emulator.url}${step.action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ pending: step.pending, ...fields }),
  });
}

/** The step after this page's successful post: the next step page (e.g. MFA after a new password), same browser. */
export async function nextStep(emulator: Emulator, step: StepPage, response: Response): Promise<StepPage> {
  step.jar.store(response, emulator.url);
  const html = await response.text();
  const { pending, action } = formOf(html);
  if (!pending || !action) throw new Error(`no next step form (status ${response.status}): ${html.slice(0, 300)}`);
  return { ...step, html, pending, action, headers: response.headers };
}
