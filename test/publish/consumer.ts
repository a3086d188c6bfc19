// The empty project a user starts from: installs our packages, loads every entry from ESM and CommonJS, type-checks both with tsc.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BIN, MAIN_EXPORT, ROOT, type PublishablePackage, cleanEnv, readManifest, run } from './support.js';

/**
 * What an app that uses the Strapi plugin already has: the plugin's runtime peer. Installed beside our packages so the
 * `./strapi-server` entry loads; Strapi itself stays out (`--legacy-peer-deps`).
 */
export function strapiPeers(): string[] {
  return [`@strapi/utils@${readManifest(join(ROOT, 'node_modules', '@strapi', 'utils')).version}`];
}

export async function createConsumer(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
}

/** `npm install` into the consumer; `extra` adds e.g. `--registry`. */
export async function installInto(dir: string, specs: string[], extra: string[] = [], env = cleanEnv()): Promise<void> {
  await run(
    'npm',
    [
      'install',
      ...specs,
      '--legacy-peer-deps',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel',
      'error',
      ...extra,
    ],
    { cwd: dir, env },
  );
}

export interface LoadedEntry {
  /** Export names, sorted; absent when loading threw. */
  keys?: string[];
  /** typeof each export. */
  kinds?: Record<string, string>;
  error?: string;
}
export type LoadReport = Record<string, LoadedEntry>;

// One child process per module system loads every specifier and reports what it saw, so one broken entry does not hide the others.
const loader = (load: string) => `
const report = {};
for (const specifier of JSON.parse(process.argv[2])) {
  try {
    const m = ${load};
    report[specifier] = { keys: Object.keys(m).sort(), kinds: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v])) };
  } catch (error) {
    report[specifier] = { error: String((error && error.stack) || error).split('\\n').slice(0, 4).join('\\n') };
  }
}
process.stdout.write(JSON.stringify(report));
`;

/** Loads every entry of `pkgs` from the consumer, with `import()` and with `require()`. */
export async function loadEntries(
  dir: string,
  pkgs: PublishablePackage[],
): Promise<{ esm: LoadReport; cjs: LoadReport }> {
  await writeFile(join(dir, 'load.mjs'), loader('await import(specifier)'));
  await writeFile(join(dir, 'load.cjs'), loader('require(specifier)'));
  const specifiers = JSON.stringify(pkgs.flatMap((pkg) => pkg.specifiers));
  const [esm, cjs] = await Promise.all(
    ['load.mjs', 'load.cjs'].map(
      async (file) =>
        JSON.parse(
          (await run(process.execPath, [file, specifiers], { cwd: dir, timeoutMs: 60_000 })).stdout,
        ) as LoadReport,
    ),
  );
  return { esm: esm as LoadReport, cjs: cjs as LoadReport };
}

/** Problems in a load report: an entry that threw, or a main entry without its known function, in either module system. */
export function loadProblems(pkgs: PublishablePackage[], report: { esm: LoadReport; cjs: LoadReport }): string[] {
  return pkgs.flatMap((pkg) =>
    pkg.specifiers.flatMap((specifier) =>
      (['esm', 'cjs'] as const).flatMap((system) => {
        const entry = report[system][specifier];
        if (!entry) return [`${system} ${specifier}: not loaded`];
        if (entry.error) return [`${system} ${specifier}: ${entry.error}`];
        if (entry.keys?.length === 0) return [`${system} ${specifier}: no exports`];
        const main = MAIN_EXPORT[pkg.name] ?? '(no MAIN_EXPORT entry)';
        if (specifier === pkg.name && entry.kinds?.[main] !== 'function')
          return [`${system} ${specifier}: ${main} is ${entry.kinds?.[main] ?? 'missing'}`];
        return [];
      }),
    ),
  );
}

/**
 * Writes index.mts and index.cts that import every entry and run tsc on them as a user's Node16 project would.
 * Each import also gets a `@ts-expect-error` on a missing export: if types resolved to `any`, that line would not error and tsc fails.
 */
export async function typecheck(dir: string, pkgs: PublishablePackage[]): Promise<void> {
  const specifiers = pkgs.flatMap((pkg) => pkg.specifiers);
  const source = specifiers
    .map((specifier, i) => {
      const pkg = pkgs.find((p) => p.specifiers.includes(specifier)) as PublishablePackage;
      const main =
        specifier === pkg.name
          ? `export const main${i} = m${i}.${MAIN_EXPORT[pkg.name]} satisfies (...args: never[]) => unknown;\n`
          : '';
      return `import * as m${i} from '${specifier}';\n${main}// @ts-expect-error typed exports: a missing name is an error\nexport const missing${i} = m${i}.thisExportDoesNotExist;\n`;
    })
    .join('');
  await writeFile(join(dir, 'index.mts'), source);
  await writeFile(join(dir, 'index.cts'), source);
  const tsc = join(BIN, 'tsc');
  const flags = ['--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--strict', '--noEmit'];
  // @types/node comes from this repository, as a user's project would have its own.
  const types = ['--typeRoots', join(ROOT, 'node_modules', '@types'), '--types', 'node'];
  await run(tsc, [...flags, ...types, 'index.mts', 'index.cts'], { cwd: dir, timeoutMs: 120_000 });
}
