// Configuration on a real Strapi: a bad option stops the boot naming it; the Providers page supplies the app client.
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Visitor, errorCode, signInThroughBothRoutes } from '../support/browser.js';
import { BOB, SEED, type Stack, startStack } from '../support/stack.js';

describe('a bad option', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED, port: 0 });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it.each([
    [{ groupRoles: { admins: 42 } }, 'cognito-connect.groupRoles.admins'],
    [{ requireGroups: ['admins'] }, 'requireGroups'],
    [{ transactionSecret: 'too-short' }, 'cognito-connect.transactionSecret'],
  ])('%j stops Strapi with a message naming it', async (plugin, named) => {
    const boot = startStack({ plugin, emulator });
    await expect(boot).rejects.toThrow(/Error regarding cognito-connect config/);
    await expect(boot).rejects.toThrow(named);
  });
});

describe('the app client from the Providers page', () => {
  let stack: Stack;
  const setProvider = async (fields: Record<string, unknown>) => {
    const store = stack.strapi.store({ type: 'plugin', name: 'users-permissions' });
    const grant = await store.get({ key: 'grant' });
    // What Settings > Users & Permissions > Providers > Cognito saves.
    await store.set({ key: 'grant', value: { ...grant, cognito: { ...grant.cognito, ...fields } } });
  };

  beforeAll(async () => {
    stack = await startStack({ clientFromProvidersPage: true });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is listed on the Providers page as the replaced cognito provider, disabled until configured', async () => {
    const grant = await stack.strapi.store({ type: 'plugin', name: 'users-permissions' }).get({ key: 'grant' });
    // A non-empty Host URI: the Providers page only shows that field when the stored value has one.
    expect(grant.cognito).toMatchObject({
      enabled: false,
      icon: 'aws',
      key: '',
      subdomain: 'your-domain-prefix.auth.us-east-1.amazoncognito.com',
      callback: `${stack.url}/api/auth/cognito/callback`,
    });
    expect(grant.cognito).not.toHaveProperty('jwksurl');
    const response = await new Visitor().get(`${stack.url}/api/cognito-connect/login`);
    expect(response.status).toBe(500);
    expect(await errorCode(response)).toBe('PROVIDER_NOT_CONFIGURED');
  });

  it('logs in with the client ID, secret and domain typed there', async () => {
    await setProvider({
      enabled: true,
      key: stack.client.clientId,
      secret: stack.client.clientSecret,
      subdomain: stack.emulator.url,
    });
    for (const response of await signInThroughBothRoutes(stack.url, BOB)) {
      expect(response.status, response.url).toBe(200);
      expect(((await response.json()) as { user: { email: string } }).user.email).toBe('bob@example.com');
    }
  });

  it('accepts the domain without a scheme (the subdomain field)', async () => {
    await setProvider({ subdomain: 'myapp.auth.us-east-1.amazoncognito.com' });
    const response = await new Visitor().get(`${stack.url}/api/connect/cognito`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(
      /^https:\/\/myapp\.auth\.us-east-1\.amazoncognito\.com\/oauth2\/authorize\?/,
    );
  });

  it('explains a scheme pasted twice (strapi/strapi#17536) naming the Providers page field', async () => {
    await setProvider({ subdomain: 'https://https//myapp.auth.us-east-1.amazoncognito.com' });
    const response = await new Visitor().get(`${stack.url}/api/connect/cognito`);
    expect(response.status).toBe(500);
    const { error } = (await response.json()) as { error: { message: string; details: { code: string } } };
    expect(error.details.code).toBe('PROVIDER_NOT_CONFIGURED');
    expect(error.message).toMatch(/Host URI.*scheme is pasted twice/);
  });
});
