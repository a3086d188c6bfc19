// Strapi apps outside the repository for the suites that need one (the Strapi CLI would take the repo's tsconfig.json for the
// app's): copies of the fixture linked to the monorepo's node_modules, a built admin panel, `strapi start` as a child process.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { APP_DIR } from './stack.js';

export const REPO = fileURLToPath(new URL('../../../..', import.meta.url));
export const ROOT_MODULES = join(REPO, 'node_modules');
const PLUGIN_DIR = join(REPO, 'packages/strapi-plugin');

/**
 * Strapi and its 1,000+ dependencies are not reinstalled from the registry for one test: the app's node_modules links to
 * the monorepo's, entry by entry, except those listed in `skip` (e.g. `@cognito-connect`, when npm installs it from tarballs).
 */
export function linkInstalledModules(modules: string, skip: readonly string[] = []): void {
  mkdirSync(modules, { recursive: true });
  for (const entry of readdirSync(ROOT_MODULES)) {
    if (entry.startsWith('.') || skip.includes(entry)) continue;
    const target = join(modules, entry);
    if (!existsSync(target)) symlinkSync(join(ROOT_MODULES, entry), target);
    else if (entry.startsWith('@')) {
      for (const inner of readdirSync(join(ROOT_MODULES, entry))) {
        if (!existsSync(join(target, inner))) symlinkSync(join(ROOT_MODULES, entry, inner), join(target, inner));
      }
    }
  }
}

/** Copies the fixture app's own files (config, src, public, favicon; package.json unless `withPackageJson` is false). */
export function copyFixtureApp(dest: string, withPackageJson = true): void {
  mkdirSync(dest, { recursive: true });
  for (const part of ['config', 'src', 'public', 'favicon.png'])
    cpSync(join(APP_DIR, part), join(dest, part), { recursive: true });
  if (withPackageJson) cpSync(join(APP_DIR, 'package.json'), join(dest, 'package.json'));
}

/** A tarball `npm pack` wrote, as its --json report names it. */
export interface PackedTarball {
  filename: string;
  files: { path: string }[];
}

/** `npm pack` of `@cognito-connect/core` and `@cognito-connect/strapi-plugin` into `dir`. */
export function packPlugin(dir: string): PackedTarball[] {
  const packed = execFileSync(
    'npm',
    [
      'pack',
      '--json',
      '--pack-destination',
      dir,
      '-w',
      '@cognito-connect/core',
      '-w',
      '@cognito-connect/strapi-plugin',
    ],
    { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return JSON.parse(packed) as PackedTarball[];
}

/** Secrets `strapi build` and `strapi start` need; fixed values, for test apps only. */
export const TEST_APP_SECRETS = {
  APP_KEYS: 'test-app-key-1,test-app-key-2',
  ADMIN_JWT_SECRET: 'test-admin-jwt-secret-0123456789',
  API_TOKEN_SALT: 'test-api-token-salt-0123',
  TRANSFER_TOKEN_SALT: 'test-transfer-salt-0123',
  ENCRYPTION_KEY: 'test-encryption-key-0123456789ab',
  JWT_SECRET: 'test-users-permissions-jwt-secret',
  STRAPI_TELEMETRY_DISABLED: 'true',
  STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
} as const;

/** Runs the app's Strapi CLI (`strapi <args>`) and resolves when it exits 0; its output is in the error otherwise. */
export async function strapiCli(app: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ['node_modules/@strapi/strapi/bin/strapi.js', ...args], {
      cwd: app,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...TEST_APP_SECRETS, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`strapi ${args.join(' ')} failed:\n${String(stdout).slice(-4000)}\n${String(stderr).slice(-4000)}`);
  }
}

/**
 * A copy of the fixture app with its admin panel built (`strapi build`, minutes), linked to the monorepo's packages, the
 * plugin included. The build is kept in the system temp folder under a hash of what goes into it (the fixture, the built
 * plugin's admin entry, Strapi's version), so a second run reuses it.
 */
export async function fixtureWithBuiltAdmin(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [
    join(PLUGIN_DIR, 'dist/strapi-admin.js'),
    join(APP_DIR, 'package.json'),
    join(APP_DIR, 'config/admin.js'),
    join(APP_DIR, 'config/plugins.js'),
    join(ROOT_MODULES, '@strapi/admin/package.json'),
  ])
    hash.update(readFileSync(file));
  const app = join(tmpdir(), `cognito-connect-admin-build-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(app, 'build', 'index.html'))) return app;
  const partial = `${app}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  copyFixtureApp(partial);
  linkInstalledModules(join(partial, 'node_modules'));
  await strapiCli(partial, ['build']);
  rmSync(app, { recursive: true, force: true });
  renameSync(partial, app);
  return app;
}

/** Resolves when `<base>/_health` answers 204; fails with the child's output when it exits or takes over `timeoutMs`. */
export async function waitForHealth(
  base: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 180_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`strapi exited with ${child.exitCode}:\n${output()}`);
    const status = await fetch(`${base}/_health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 204) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`strapi did not answer within ${timeoutMs / 1000} s:\n${output()}`);
}

/** A `strapi start` child and its last output. */
export interface StrapiProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `strapi start` in `app` on `port` with `env` (plus the test secrets) and waits until it is healthy. */
export async function startStrapiProcess(
  app: string,
  port: number,
  env: Record<string, string>,
): Promise<StrapiProcess> {
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(
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
        ...TEST_APP_SECRETS,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d) => (log = (log + d).slice(-8000)));
  child.stderr?.on('data', (d) => (log = (log + d).slice(-8000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  try {
    await waitForHealth(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, child, output: () => log, stop };
}
