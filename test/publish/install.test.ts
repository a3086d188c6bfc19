// Every package packed with `npm pack` installs into an empty project and works there: import, require, tsc, and the CLI's bin.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test-fixtures/support/ports.js';
import { createConsumer, installInto, loadEntries, loadProblems, strapiPeers, typecheck } from './consumer.js';
import { assertBuilt, cleanEnv, packAll, publishablePackages, readManifest, run, tempDir } from './support.js';

const pkgs = publishablePackages();

describe('packages installed from their tarballs', () => {
  let app: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    assertBuilt(pkgs);
    const dir = await tempDir('install');
    cleanup = dir.remove;
    const tarballs = await packAll(pkgs, dir.path);
    app = join(dir.path, 'app');
    await createConsumer(app);
    // All tarballs in one install, so the cli's and adapters' dependency on @cognito-connect/core is this core, not a registry's.
    await installInto(app, [...[...tarballs.values()].map((t) => t.file), ...strapiPeers()]);
  });
  afterAll(() => cleanup?.());

  it('installs each package at its version, with its bins linked', () => {
    for (const pkg of pkgs) {
      const dir = join(app, 'node_modules', pkg.name);
      expect(readManifest(dir).version, pkg.name).toBe(pkg.version);
      const { bin = {} } = pkg.manifest;
      for (const name of typeof bin === 'string' ? [pkg.name] : Object.keys(bin)) {
        expect(existsSync(join(app, 'node_modules', '.bin', name)), `${pkg.name} bin ${name}`).toBe(true);
      }
    }
    // One core for everyone: no nested copy pulled from the registry.
    const nested = pkgs.filter((pkg) =>
      existsSync(join(app, 'node_modules', pkg.name, 'node_modules', '@cognito-connect')),
    );
    expect(nested.map((pkg) => pkg.name)).toEqual([]);
  });

  it('loads every entry with import() and require(), each main entry with its known function', async () => {
    const report = await loadEntries(app, pkgs);
    expect(loadProblems(pkgs, report)).toEqual([]);
    // Dual builds: the CommonJS and ESM builds of a main entry export the same names.
    for (const pkg of pkgs) {
      const esm = (report.esm[pkg.name]?.keys ?? []).filter((key) => key !== 'default' && key !== 'module.exports');
      const cjs = (report.cjs[pkg.name]?.keys ?? []).filter((key) => key !== 'default' && key !== '__esModule');
      expect(esm, pkg.name).toEqual(cjs);
    }
  });

  it('type-checks imports of every entry from .mts and .cts under tsc --module node16 --strict', async () => {
    await typecheck(app, pkgs);
  });

  it('runs the cognito-connect bin through npx', async () => {
    const cli = pkgs.find((pkg) => pkg.name === 'cognito-connect');
    const { stdout } = await run('npx', ['--no', '--', 'cognito-connect', '--version'], {
      cwd: app,
      timeoutMs: 60_000,
    });
    expect(stdout.trim()).toBe(cli?.version);
  });

  it('runs `npx cognito-connect playground` in this folder: the emulator and the packaged demo site, no Strapi', async () => {
    const [port, gatewayPort] = [await freePort(), await freePort()];
    // Its own process group, so Ctrl-C (SIGINT to the group) reaches the CLI under npx as it would in a terminal.
    const child = spawn(
      'npx',
      [
        '--no',
        '--',
        'cognito-connect',
        'playground',
        '--json',
        '--port',
        `${port}`,
        '--gateway-port',
        `${gatewayPort}`,
      ],
      { cwd: app, env: cleanEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const summary = await new Promise<{ emulator: { discovery: string }; docs: string; strapi?: string }>(
        (resolve, reject) => {
          const timer = setInterval(() => {
            const json = stdout.slice(stdout.indexOf('{'));
            try {
              if (json) resolve((clearInterval(timer), JSON.parse(json)));
            } catch {
              // not all of it yet
            }
          }, 200);
          void exited.then((code) => (clearInterval(timer), reject(new Error(`exited ${code}: ${stdout}${stderr}`))));
        },
      );
      expect(summary.strapi).toBeUndefined();
      expect((await fetch(summary.emulator.discovery)).status).toBe(200);
      // The demo site is behind the login: a visitor is sent to the emulator's hosted UI.
      const docs = await fetch(`${summary.docs}/`, { redirect: 'manual' });
      expect(docs.status).toBe(302);
      // The gateway sends the visitor to its own login route, which sends the browser on to the emulator's hosted UI.
      const login = await fetch(new URL(docs.headers.get('location') as string, summary.docs), { redirect: 'manual' });
      expect(login.status).toBe(302);
      expect(login.headers.get('location')).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/`));
    } finally {
      if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGINT');
    }
    // Ctrl-C reaches npx and the CLI alike: npx may die of the signal itself, the CLI stops every service and exits 0.
    expect([0, null]).toContain(await exited);
    const gatewayState = () =>
      fetch(`http://127.0.0.1:${gatewayPort}/`).then(
        () => 'open',
        () => 'closed',
      );
    for (let i = 0; i < 100 && (await gatewayState()) === 'open'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await gatewayState()).toBe('closed');
  });
});
