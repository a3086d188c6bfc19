// What the publishing tests share: the packages that get published, child processes with a clean npm environment, temp folders.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'node_modules', '.bin');

type ExportTarget = string | null | { [condition: string]: ExportTarget };

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports?: Record<string, ExportTarget>;
  peerDependencies?: Record<string, string>;
}

export interface PublishablePackage {
  /** Folder name under packages/. */
  folder: string;
  name: string;
  version: string;
  manifest: PackageManifest;
  /** What a user writes to import it: the name, plus `name/sub` for every subpath export except ./package.json. */
  specifiers: string[];
}

/**
 * A function each package's main entry must export, so a broken or empty build fails by name.
 * A new package under packages/ fails the tests until it is added here.
 */
export const MAIN_EXPORT: Record<string, string> = {
  '@cognito-connect/core': 'createCognito',
  '@cognito-connect/emulator': 'startEmulator',
  '@cognito-connect/oauth-config': 'generateConfig',
  '@cognito-connect/strapi-plugin': 'parseOptions',
  '@cognito-connect/visitor-auth': 'createVisitorAuth',
  'cognito-connect': 'createProgram',
};

export function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
}

/** Every non-private package under `<root>/packages`, read from its package.json as it is now. */
export function publishablePackages(root = ROOT): PublishablePackage[] {
  const base = join(root, 'packages');
  return readdirSync(base)
    .filter((folder) => existsSync(join(base, folder, 'package.json')))
    .map((folder) => ({ folder, manifest: readManifest(join(base, folder)) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ folder, manifest }) => ({
      folder,
      name: manifest.name,
      version: manifest.version,
      manifest,
      specifiers: Object.keys(manifest.exports ?? { '.': null })
        .filter((key) => key !== './package.json' && !key.includes('*'))
        .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`)),
    }));
}

function targetsOf(target: ExportTarget): string[] {
  if (target === null) return [];
  if (typeof target === 'string') return [target];
  return Object.values(target).flatMap(targetsOf);
}

/** Fails with the fix when a package's exports, types or bin point at files the build has not produced. */
export function assertBuilt(pkgs: PublishablePackage[], root = ROOT): void {
  const missing = pkgs.flatMap((pkg) => {
    const { exports = {}, bin = {}, types } = pkg.manifest;
    const files = [
      ...Object.values(exports).flatMap(targetsOf),
      ...(typeof bin === 'string' ? [bin] : Object.values(bin)),
      ...(types ? [types] : []),
    ];
    return files
      .filter((file) => !existsSync(join(root, 'packages', pkg.folder, file)))
      .map((file) => `${pkg.name}: ${file}`);
  });
  if (missing.length > 0) {
    throw new Error(
      `Built files are missing (run \`npm run build\` first; \`npm test\` does):\n  ${missing.join('\n  ')}`,
    );
  }
}

/**
 * The environment for a child npm/node/git: ours minus what npm and vitest set for their own children
 * (npm_config_local_prefix and friends would point a nested npm back at this repository).
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|INIT_CWD$|VITEST|NODE_ENV$)/.test(key)) env[key] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Resolve with a non-zero exit code instead of throwing (attw exits 1 when it finds problems). */
  allowFailure?: boolean;
}

const tail = (text: string, size = 6000) => (text.length > size ? `…${text.slice(-size)}` : text);

/** Runs a command without a shell; a failure throws with the command, exit code and the end of its output. Never pass secrets as arguments. */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const { cwd, env = cleanEnv(), timeoutMs = 240_000, allowFailure = false } = options;
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        if (error && (!allowFailure || typeof error.code !== 'number')) {
          const why = error.killed ? `timed out after ${timeoutMs} ms` : `exited with ${String(error.code)}`;
          reject(
            new Error(
              `\`${[command, ...args].join(' ')}\` ${why} in ${cwd}\n--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`,
            ),
          );
          return;
        }
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A fresh folder under the OS temp dir, and its removal. */
export async function tempDir(label: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `cognito-connect-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true, maxRetries: 3 }) };
}

export interface PackedTarball {
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  file: string;
  /** Paths inside the tarball, relative to the package root. */
  files: string[];
}

/** `npm pack` of every package in one npm run, into `destination`. */
export async function packAll(pkgs: PublishablePackage[], destination: string): Promise<Map<string, PackedTarball>> {
  const folders = pkgs.map((pkg) => `./packages/${pkg.folder}`);
  const { stdout } = await run(
    'npm',
    ['pack', ...folders, '--pack-destination', destination, '--json', '--loglevel', 'error'],
    { cwd: ROOT },
  );
  const packed = JSON.parse(stdout) as { name: string; version: string; filename: string; files: { path: string }[] }[];
  return new Map(
    packed.map((entry) => [
      entry.name,
      {
        name: entry.name,
        version: entry.version,
        file: join(destination, entry.filename),
        files: entry.files.map((f) => f.path),
      },
    ]),
  );
}
