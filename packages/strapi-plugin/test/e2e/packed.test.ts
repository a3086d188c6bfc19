// Installs the `npm pack` tarballs into a copy of the fixture app, as a user would, and logs in through `strapi start`.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PackedTarball,
  type StrapiProcess,
  copyFixtureApp,
  linkInstalledModules,
  packPlugin,
  startStrapiProcess,
} from '../support/app-copy.js';
import { freePort } from '../../../../test-fixtures/support/ports.js';
import { Visitor } from '../support/browser.js';
import {
  ALICE,
  APP_DIR,
  FRONTEND,
  SEED,
  TRANSACTION_SECRET,
  assertPluginBuilt,
  registerStrapiClient,
} from '../support/stack.js';

let work: string;
let app: string;
let tarballs: PackedTarball[];
let emulator: Emulator;
let strapi: StrapiProcess | undefined;
let url: string;

beforeAll(async () => {
  assertPluginBuilt();
  work = mkdtempSync(join(tmpdir(), 'cognito-connect-packed-'));
  app = join(work, 'app');
  tarballs = packPlugin(work);
  copyFixtureApp(app, false);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'packed-app', private: true, version: '0.0.0' }));
  // --legacy-peer-deps: Strapi (the plugin's peer) is already there, linked below; npm must not fetch it again.
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--prefer-offline',
      '--legacy-peer-deps',
      '--no-package-lock',
      ...tarballs.map((t) => join(work, t.filename)),
    ],
    {
      cwd: app,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  // Strapi finds plugins among the app's dependencies: list the fixture's Strapi packages beside the installed tarballs.
  const installed = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  const fixture = JSON.parse(readFileSync(join(APP_DIR, 'package.json'), 'utf8'));
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ ...installed, dependencies: { ...fixture.dependencies, ...installed.dependencies } }, null, 2),
  );
  // Node runs with --preserve-symlinks so Strapi, reached through these links, resolves plugins from the app's node_modules.
  linkInstalledModules(join(app, 'node_modules'), ['@cognito-connect']);

  emulator = await startEmulator({ seed: SEED, port: 0 });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const client = registerStrapiClient(emulator, url);
  strapi = await startStrapiProcess(app, port, {
    COGNITO_USER_POOL_ID: emulator.userPoolId,
    COGNITO_ISSUER: emulator.issuer,
    COGNITO_DOMAIN: emulator.url,
    COGNITO_CLIENT_ID: client.clientId,
    COGNITO_CLIENT_SECRET: client.clientSecret ?? '',
    COGNITO_TRANSACTION_SECRET: TRANSACTION_SECRET,
    FRONTEND_ORIGINS: FRONTEND,
    UP_JWT_MANAGEMENT: 'refresh',
  });
  // npm pack + install + a production boot: minutes on a busy machine.
}, 600_000);

afterAll(async () => {
  await strapi?.stop();
  await emulator?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed plugin, installed with npm into a Strapi 5 app', () => {
  it('ships the built plugin and its Strapi entry, not the sources', () => {
    const files = tarballs.find((t) => t.filename.includes('strapi-plugin'))?.files.map((f) => f.path) ?? [];
    expect(files).toEqual(
      expect.arrayContaining([
        'strapi/strapi-server.js',
        'strapi/package.json',
        'dist/strapi-server.cjs',
        'dist/index.js',
        'dist/index.d.ts',
        'README.md',
      ]),
    );
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
    const installed = join(app, 'node_modules/@cognito-connect/strapi-plugin');
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(existsSync(join(installed, 'strapi/strapi-server.js'))).toBe(true);
  });

  it('boots with `strapi start` and logs a Cognito user in to users-permissions tokens (refresh mode)', async () => {
    const response = await new Visitor().signIn(`${url}/api/cognito-connect/login`, ALICE);
    expect(response.status, strapi?.output()).toBe(200);
    const { jwt, refreshToken, user } = (await response.json()) as {
      jwt: string;
      refreshToken: string;
      user: { email: string };
    };
    expect(user.email).toBe('alice@example.com');
    expect(refreshToken).toEqual(expect.any(String));
    const refreshed = await fetch(`${url}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    expect(refreshed.status).toBe(200);
    const me = await fetch(`${url}/api/users/me`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(me.status).toBe(200);
  });
});
