// A refused hardened login reaches the browser: back at the allowed front end with a stable #error=<CODE>, else a readable page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Visitor, errorCode } from '../support/browser.js';
import { ALICE, BOB, FRONTEND, type Stack, startStack } from '../support/stack.js';

let stack: Stack;
const ROLE_UID = 'plugin::users-permissions.role';
const loginTo = (returnTo?: string) =>
  `${stack.url}/api/cognito-connect/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`;
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** Where the callback sent the browser: the front end's URL, its fragment's parameters. */
function landing(response: Response): { url: URL; fragment: URLSearchParams } {
  expect(response.status, response.headers.get('content-type') ?? '').toBe(302);
  const url = new URL(response.headers.get('location') as string);
  return { url, fragment: new URLSearchParams(url.hash.slice(1)) };
}

beforeAll(async () => {
  stack = await startStack({ plugin: { groupRoles: { admins: 'editor' }, requiredGroups: ['admins'] } });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('hardened flow with an allowed front end', () => {
  it('sends a user outside requiredGroups back to the front end with #error=TOKEN_GROUP_REQUIRED, and no code', async () => {
    const { url, fragment } = landing(await new Visitor().signIn(loginTo(`${FRONTEND}/auth/done?tab=2`), BOB));
    expect(url.origin + url.pathname + url.search).toBe(`${FRONTEND}/auth/done?tab=2`);
    expect(Object.fromEntries(fragment)).toEqual({ error: 'TOKEN_GROUP_REQUIRED' });
  });

  it('sends a login whose mapped role is missing back with #error=ROLE_MISSING', async () => {
    const roles = stack.strapi.db.query(ROLE_UID);
    await roles.update({ where: { type: 'editor' }, data: { type: 'editor-renamed' } });
    try {
      const { fragment } = landing(await new Visitor().signIn(loginTo(`${FRONTEND}/auth/done`), ALICE));
      expect(Object.fromEntries(fragment)).toEqual({ error: 'ROLE_MISSING' });
    } finally {
      await roles.update({ where: { type: 'editor-renamed' }, data: { type: 'editor' } });
    }
  });

  it("sends a callback with another browser's state back to this browser's front end with #error=FLOW_STATE_MISMATCH", async () => {
    const { callback } = await new Visitor().signInUntilCallback(loginTo(), ALICE);
    const victim = new Visitor();
    expect((await victim.get(loginTo(`${FRONTEND}/auth/done`))).status).toBe(302);
    const { url, fragment } = landing(await victim.get(callback, HTML));
    expect(url.origin).toBe(FRONTEND);
    expect(Object.fromEntries(fragment)).toEqual({ error: 'FLOW_STATE_MISMATCH' });
  });

  it('still lets a member in with a login code', async () => {
    const { fragment } = landing(await new Visitor().signIn(loginTo(`${FRONTEND}/auth/done`), ALICE));
    expect(fragment.get('login_code')).toBeTruthy();
    expect(fragment.has('error')).toBe(false);
  });
});

describe('hardened flow without a front end', () => {
  it('shows a browser a readable page with the code, not JSON', async () => {
    const visitor = new Visitor();
    const { callback } = await visitor.signInUntilCallback(loginTo(), BOB);
    const response = await visitor.get(callback, HTML);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('<h1>Access denied</h1>');
    expect(page).toContain('Error code: TOKEN_GROUP_REQUIRED');
    expect(page).toContain(`href="${stack.url}/api/cognito-connect/login"`);
  });

  it('answers a client that asks for JSON with Strapi’s error body', async () => {
    const response = await new Visitor().signIn(loginTo(), BOB);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('TOKEN_GROUP_REQUIRED');
  });
});

describe("built-in route: users-permissions' documented front end", () => {
  it('hears the real refusal code when it forwards its query to /api/auth/cognito/callback', async () => {
    const visitor = new Visitor();
    const refused = await visitor.signIn(`${stack.url}/api/connect/cognito`, BOB);
    const frontEnd = new URL(refused.headers.get('location') as string);
    expect(frontEnd.searchParams.get('error_code')).toBe('TOKEN_GROUP_REQUIRED');
    // The pattern: fetch(`${strapi}/api/auth/cognito/callback${location.search}`).
    const response = await visitor.get(`${stack.url}/api/auth/cognito/callback${frontEnd.search}`);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('TOKEN_GROUP_REQUIRED');
  });

  it('relays only known codes: anything else is CODE_INVALID', async () => {
    const forged = await new Visitor().get(
      `${stack.url}/api/auth/cognito/callback?error=oauth_error&error_code=${encodeURIComponent('<b>ADMIN_OK</b>')}`,
    );
    expect(forged.status).toBe(400);
    expect(await errorCode(forged)).toBe('CODE_INVALID');
    expect(await new Visitor().get(`${stack.url}/api/auth/cognito/callback?error_code=toString`).then(errorCode)).toBe(
      'CODE_INVALID',
    );
  });
});
