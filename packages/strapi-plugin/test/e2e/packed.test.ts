// Installs the `npm pack` tarballs into a copy of the fixture app, as a user would, and logs in through `strapi start`.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const REPO = fileURLToPath(new URL('../../../..', import.meta.url));
const ROOT_MODULES = join(REPO, 'node_modules');

let work: string;
let app: string;
let tarballs: { filename: string; files: { path: string }[] }[];
let emulator: Emulator;
let strapi: ChildProcess | undefined;
let url: string;
let log = '';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Strapi and its 1,000+ dependencies are not reinstalled from the registry for one test: the app's node_modules links to the
 * monorepo's, except @cognito-connect, which npm installs from the tarballs. Node runs with --preserve-symlinks so Strapi,
 * reached through those links, resolves plugins from the app's node_modules, as in a normal install.
 */
function linkInstalledStrapi(modules: string): void {
  for (const entry of readdirSync(ROOT_MODULES)) {
    if (entry.startsWith('.') || entry === '@cognito-connect') continue;
    const target = join(modules, entry);
    if (!existsSync(target)) symlinkSync(join(ROOT_MODULES, entry), target);
    else if (entry.startsWith('@')) {
      for (const inner of readdirSync(join(ROOT_MODULES, entry))) {
        if (!existsSync(join(target, inner))) symlinkSync(join(ROOT_MODULES, entry, inner), join(target, inner));
      }
    }
  }
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`strapi start exited with ${child.exitCode}:\n${log}`);
    if (
      (await fetch(`${base}/_health`).then(
        (r) => r.status,
        () => 0,
      )) === 204
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`strapi start did not answer within 120 s:\n${log}`);
}

beforeAll(async () => {
  assertPluginBuilt();
  work = mkdtempSync(join(tmpdir(), 'cognito-connect-packed-'));
  app = join(work, 'app');
  const packed = execFileSync(
    'npm',
    [
      'pack',
      '--json',
      '--pack-destination',
      work,
      '-w',
      '@cognito-connect/core',
      '-w',
      '@cognito-connect/strapi-plugin',
    ],
    { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  tarballs = JSON.parse(packed);
  mkdirSync(app);
  for (const part of ['config', 'src', 'public']) cpSync(join(APP_DIR, part), join(app, part), { recursive: true });
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
  linkInstalledStrapi(join(app, 'node_modules'));

  emulator = await startEmulator({ seed: SEED, port: 0 });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const client = registerStrapiClient(emulator, url);
  strapi = spawn(
    process.execPath,
    ['--preserve-symlinks', '--preserve-symlinks-main', 'node_modules/@strapi/strapi/bin/strapi.js', 'start'],
    {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: url,
        APP_KEYS: 'packed-app-key-1,packed-app-key-2',
        ADMIN_JWT_SECRET: 'packed-admin-jwt-secret-0123456789',
        API_TOKEN_SALT: 'packed-api-token-salt-0123',
        TRANSFER_TOKEN_SALT: 'packed-transfer-salt-0123',
        ENCRYPTION_KEY: 'packed-encryption-key-0123456789ab',
        JWT_SECRET: 'packed-users-permissions-jwt-secret',
        STRAPI_TELEMETRY_DISABLED: 'true',
        STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
        COGNITO_USER_POOL_ID: emulator.userPoolId,
        COGNITO_ISSUER: emulator.issuer,
        COGNITO_DOMAIN: emulator.url,
        COGNITO_CLIENT_ID: client.clientId,
        COGNITO_CLIENT_SECRET: client.clientSecret ?? '',
        COGNITO_TRANSACTION_SECRET: TRANSACTION_SECRET,
        FRONTEND_ORIGINS: FRONTEND,
        UP_JWT_MANAGEMENT: 'refresh',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  strapi.stdout?.on('data', (d) => (log = (log + d).slice(-8000)));
  strapi.stderr?.on('data', (d) => (log = (log + d).slice(-8000)));
  await waitForHealth(url, strapi);
});

afterAll(async () => {
  if (strapi && strapi.exitCode === null) {
    const exited = new Promise((resolve) => strapi?.once('exit', resolve));
    strapi.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (strapi.exitCode === null) strapi.kill('SIGKILL');
  }
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
    expect(response.status, log).toBe(200);
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
