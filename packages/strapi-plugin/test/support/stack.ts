// Boots what the e2e suites run against: the emulator seeded from test-fixtures and the fixture Strapi app with the built plugin.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, type SeedClient, startEmulator } from '@cognito-connect/emulator';

export const SEED = fileURLToPath(new URL('../../../../test-fixtures/emulator/seed.json', import.meta.url));
export const APP_DIR = fileURLToPath(new URL('../../../../test-fixtures/strapi-app', import.meta.url));
const PLUGIN_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** The front end the suites pretend to be: never served, its URLs only read from Location headers. */
export const FRONTEND = 'http://localhost:5173';
export const TRANSACTION_SECRET = 'strapi-plugin-e2e-transaction-secret-0123456789';
export const ALICE = { username: 'alice', password: 'Alice-password-1' } as const;
export const BOB = { username: 'bob', password: 'Bob-password-1' } as const;
export const CAROL = { username: 'carol', password: 'Carol-password-1' } as const;

/** Strapi as the suites use it (its types are not worth importing for the calls the suites make). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StrapiInstance = any;

export interface Stack {
  /** Strapi's public URL (http://127.0.0.1:<port>, or the `publicUrl` it was started with). */
  url: string;
  /** host:port Strapi itself listens on (what a proxy in front of it forwards to). */
  address: string;
  strapi: StrapiInstance;
  emulator: Emulator;
  /** The app client registered for this Strapi (callbacks of both flows, the front end's sign-out URL). */
  client: SeedClient;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Plugin options beyond the ones from the environment (groupRoles, requiredGroups, ...). */
  plugin?: Record<string, unknown>;
  /** Leave clientId/clientSecret/domain out of the plugin config: the Providers page must supply them. */
  clientFromProvidersPage?: boolean;
  /** An emulator to reuse instead of starting one. */
  emulator?: Emulator;
  /** Another copy of the fixture app to load (e.g. one with its admin panel built); defaults to the fixture itself. */
  appDir?: string;
  /** Serve the built admin panel (`<appDir>/build`) at /admin. */
  serveAdminPanel?: boolean;
  /** Strapi's public URL when a proxy fronts it (e.g. `https://strapi.example.test:8443`); default its own address. */
  publicUrl?: string;
  /** Called with the created Strapi before it loads (e.g. to watch `strapi.log`). */
  beforeLoad?: (strapi: StrapiInstance) => void;
}

/** Strapi loads the plugin from dist/: refuse to test a build older than the sources. */
export function assertPluginBuilt(): void {
  const built = (() => {
    try {
      return statSync(join(PLUGIN_DIR, 'dist/strapi-server.cjs')).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const sources = readdirSync(join(PLUGIN_DIR, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => statSync(join(PLUGIN_DIR, 'src', f)).mtimeMs);
  if (built < Math.max(...sources)) {
    throw new Error(
      'Strapi loads the plugin from dist/, which is missing or older than src/: run `npm run build -w @cognito-connect/strapi-plugin` first.',
    );
  }
}

const require = createRequire(import.meta.url);

/** Environment every boot needs: app keys and admin secrets (no admin build), a fresh SQLite file, a quiet logger. */
function baseEnv(dbDir: string): Record<string, string> {
  return {
    APP_KEYS: 'e2e-app-key-1,e2e-app-key-2',
    ADMIN_JWT_SECRET: 'e2e-admin-jwt-secret-0123456789abcdef',
    API_TOKEN_SALT: 'e2e-api-token-salt-0123456789',
    TRANSFER_TOKEN_SALT: 'e2e-transfer-token-salt-0123456789',
    ENCRYPTION_KEY: 'e2e-encryption-key-0123456789abcdef',
    JWT_SECRET: 'e2e-users-permissions-jwt-secret-0123456789',
    DATABASE_FILENAME: join(dbDir, 'data.db'),
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
    STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'error',
  };
}

/** Registers an app client for a Strapi at `url`: both flows' and the admin sign-in's callbacks, the sign-out URLs. */
export function registerStrapiClient(emulator: Emulator, url: string): SeedClient {
  return emulator.admin.addClient({
    name: 'Strapi',
    generateSecret: true,
    callbackUrls: [
      `${url}/api/cognito-connect/callback`,
      `${url}/api/connect/cognito/callback`,
      `${url}/api/cognito-connect/admin/callback`,
    ],
    logoutUrls: [`${FRONTEND}/`, `${FRONTEND}/signed-out`, `${url}/signed-out.html`, `${url}/admin/auth/login`],
    allowedOAuthScopes: ['openid', 'email', 'profile'],
    supportedIdentityProviders: ['COGNITO', 'ExampleIdP'],
  });
}

/**
 * Creates Strapi, binds its HTTP server to a free port first (so the callback URL is known and registered before the plugin
 * loads), then loads it: register, bootstrap, database sync, routes. One per test file; boots are slow.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  assertPluginBuilt();
  const emulator = options.emulator ?? (await startEmulator({ seed: SEED, port: 0 }));
  const dbDir = mkdtempSync(join(tmpdir(), 'cognito-connect-strapi-'));
  Object.assign(process.env, baseEnv(dbDir));
  const { createStrapi, compileStrapi } = require('@strapi/strapi');
  process.env.SERVE_ADMIN_PANEL = String(options.serveAdminPanel ?? false);
  const strapi = createStrapi({
    ...(await compileStrapi({ appDir: options.appDir ?? APP_DIR })),
    serveAdminPanel: options.serveAdminPanel ?? false,
    autoReload: false,
  });
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(strapi.server.httpServer.address() as { port: number }).port}`;
  const url = options.publicUrl ?? `http://${address}`;
  strapi.config.set('server.url', url);
  strapi.config.set('server.absoluteUrl', url);
  const client = registerStrapiClient(emulator, url);
  const code = options.clientFromProvidersPage
    ? {}
    : {
        COGNITO_DOMAIN: emulator.url,
        COGNITO_CLIENT_ID: client.clientId,
        COGNITO_CLIENT_SECRET: client.clientSecret ?? '',
      };
  Object.assign(process.env, {
    COGNITO_USER_POOL_ID: emulator.userPoolId,
    COGNITO_ISSUER: emulator.issuer,
    COGNITO_TRANSACTION_SECRET: TRANSACTION_SECRET,
    COGNITO_DOMAIN: '',
    COGNITO_CLIENT_ID: '',
    COGNITO_CLIENT_SECRET: '',
    ...code,
    FRONTEND_ORIGINS: FRONTEND,
    COGNITO_CONNECT_OPTIONS: JSON.stringify(options.plugin ?? {}),
  });
  const stopAll = async () => {
    await destroyStrapi(strapi);
    if (!options.emulator) await emulator.stop();
    rmSync(dbDir, { recursive: true, force: true });
  };
  options.beforeLoad?.(strapi);
  try {
    await strapi.load();
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
  strapi.server.mount();
  return { url, address, strapi, emulator, client, stop: stopAll };
}

/** strapi.destroy() ends with process.removeAllListeners(), which would cut the test runner's own wiring: put it back. */
export async function destroyStrapi(strapi: StrapiInstance): Promise<void> {
  const saved = process.eventNames().map((event) => [event, process.rawListeners(event)] as const);
  try {
    await strapi.destroy();
  } finally {
    for (const [event, listeners] of saved) {
      for (const listener of listeners) {
        if (!process.rawListeners(event).includes(listener))
          process.on(event as string, listener as (...args: unknown[]) => void);
      }
    }
  }
}
