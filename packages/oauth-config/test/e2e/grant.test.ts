// The generated grant config drives a real grant middleware in Express through a full login against the emulator;
// the tokens grant hands over are then verified by core, proving they are genuine.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createVerifier, defineCognito, type CognitoSettings } from '@cognito-connect/core';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { generateConfig } from '@cognito-connect/oauth-config';
import express from 'express';
import session from 'express-session';
import * as grantModule from 'grant';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CookieJar, signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { importModule } from '../support/parsers.js';

// grant is CommonJS with an ES-style declaration file: at runtime the default import is module.exports (the function),
// while TypeScript (NodeNext) types it as the whole module, so the declared function sits one .default deeper.
const grant = grantModule.default as unknown as typeof grantModule.default.default;
const SEED = new URL('../../../../test-fixtures/emulator/seed.json', import.meta.url).pathname;

interface GrantResult {
  response: {
    id_token?: string;
    access_token?: string;
    refresh_token?: string;
    profile?: Record<string, unknown>;
    error?: unknown;
  };
  nonce?: string;
}

describe('grant with the generated config, against the emulator', () => {
  let emulator: Emulator;
  let server: Server;
  let appUrl: string;
  const app = express();

  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED, port: 0 });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await emulator?.stop();
  });

  /** Mounts grant from the generated module under its own prefix and signs alice in; returns what grant handed over. */
  async function signIn(
    settings: CognitoSettings,
    prefix: string,
    secrets: 'inline' | 'env',
    env: Record<string, string> = {},
  ) {
    const config = generateConfig('grant', settings, { appUrl, prefix, callback: `${prefix}-done`, secrets });
    const module = config.files.find((f) => f.path === 'grant.config.mjs')?.contents as string;
    const grantConfig = (await importModule(module, env)).default as Record<string, unknown>;
    const router = express.Router();
    router.use(
      session({
        secret: 'test-only-session-secret-0123456789abcdef',
        resave: false,
        saveUninitialized: true,
        name: `sid${prefix.replace(/\W/g, '')}`,
      }),
    );
    router.use(grant.express(grantConfig));
    router.get(`${prefix}-done`, (req, res) => {
      const data = (req.session as unknown as { grant?: GrantResult }).grant;
      res.json({ response: data?.response, nonce: data?.nonce });
    });
    app.use(router);

    const jar = new CookieJar();
    const get = async (url: string) => {
      const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
      jar.store(response, url);
      return response;
    };
    const start = await get(`${appUrl}${prefix}/cognito`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location') as string);
    expect(authorize.origin + authorize.pathname).toBe(settings.endpoints.authorize);
    // grant sends state, nonce and PKCE, as configured.
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(config.callbackUrls[0]);

    const login = await signInWithHostedUi(authorize.href, { username: 'alice', password: 'Alice-password-1' });
    expect(new URL(login.location).origin).toBe(appUrl);
    const callback = await get(login.location);
    expect(callback.status, await callback.clone().text()).toBe(302);
    expect(callback.headers.get('location')).toBe(`${prefix}-done`);
    const done = await get(`${appUrl}${prefix}-done`);
    return { config, result: (await done.json()) as GrantResult };
  }

  async function expectGenuineTokens(settings: CognitoSettings, result: GrantResult) {
    const { response } = result;
    expect(response.error).toBeUndefined();
    const common = { userPoolId: settings.userPoolId, issuer: settings.issuer, clientId: settings.clientId };
    const id = await createVerifier({ ...common, tokenUse: 'id' }).verify(response.id_token as string, {
      nonce: result.nonce,
    });
    const access = await createVerifier({ ...common, tokenUse: 'access' }).verify(response.access_token as string);
    expect(id).toMatchObject({
      sub: '0a1b2c3d-1111-4aaa-8bbb-000000000001',
      email: 'alice@example.com',
      'cognito:groups': ['admins'],
    });
    expect(access.sub).toBe(id.sub);
    expect(response.refresh_token).toBeTruthy();
    // grant fetched the profile from userInfo with the access token.
    expect(response.profile).toMatchObject({ sub: id.sub, username: 'alice', email: 'alice@example.com' });
  }

  test('confidential client (client_secret_basic), secret inline', async () => {
    const client = emulator.admin.addClient({
      name: 'grant app',
      callbackUrls: [`${appUrl}/connect/cognito/callback`],
      generateSecret: true,
    });
    const settings = defineCognito(emulator.settingsFor(client.clientId));
    const { config, result } = await signIn(settings, '/connect', 'inline');
    expect(config.callbackUrls).toEqual([`${appUrl}/connect/cognito/callback`]);
    await expectGenuineTokens(settings, result);
  });

  test('confidential client, secret read from process.env by the generated module', async () => {
    const client = emulator.admin.addClient({
      name: 'grant env app',
      callbackUrls: [`${appUrl}/envauth/cognito/callback`],
      generateSecret: true,
    });
    const settings = defineCognito(emulator.settingsFor(client.clientId));
    const { result } = await signIn(settings, '/envauth', 'env', {
      COGNITO_CLIENT_SECRET: settings.clientSecret as string,
    });
    await expectGenuineTokens(settings, result);
  });

  test('public client: PKCE and no secret', async () => {
    const client = emulator.admin.addClient({ name: 'grant spa', callbackUrls: [`${appUrl}/pub/cognito/callback`] });
    const settings = defineCognito(emulator.settingsFor(client.clientId));
    const { config, result } = await signIn(settings, '/pub', 'inline');
    expect((config.json as { cognito: Record<string, unknown> }).cognito.secret).toBeUndefined();
    await expectGenuineTokens(settings, result);
  });
});
