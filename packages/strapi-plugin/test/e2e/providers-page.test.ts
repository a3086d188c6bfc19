// Settings > Users & Permissions > Providers > Cognito with the app client in config: what the page reads, and logins after
// it saved those values back unchanged (the page itself, in Chromium, is in providers-page-browser.heavy.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_SECRET_MARKER } from '../../src/server/services/app-client.js';
import { signInThroughBothRoutes } from '../support/browser.js';
import { BOB, type Stack, startStack } from '../support/stack.js';

let stack: Stack;
const store = () => stack.strapi.store({ type: 'plugin', name: 'users-permissions' });

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('the Providers page with the app client in config', () => {
  it('holds the client ID, a marker instead of the secret, and no Host URI (so no JWKS URL field either)', async () => {
    const grant = await store().get({ key: 'grant' });
    expect(grant.cognito).toMatchObject({
      enabled: true,
      key: stack.client.clientId,
      secret: CONFIG_SECRET_MARKER,
      subdomain: '',
      callback: `${stack.url}/api/auth/cognito/callback`,
    });
    expect(JSON.stringify(grant)).not.toContain(stack.client.clientSecret);
  });

  it('signs in through both flows after the page saved its values back unchanged', async () => {
    // What Save does: PUT every provider as the page read it, with the redirect URL it shows.
    const grant = await store().get({ key: 'grant' });
    const redirectUri = `${stack.url}/api/connect/cognito/callback`;
    await store().set({ key: 'grant', value: { ...grant, cognito: { ...grant.cognito, redirectUri } } });
    for (const response of await signInThroughBothRoutes(stack.url, BOB)) {
      expect(response.status, response.url).toBe(200);
      expect(((await response.json()) as { user: { email: string } }).user.email).toBe('bob@example.com');
    }
  });
});
