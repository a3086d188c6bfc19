// The built package (dist/, as npm ships it): loads from ESM and CommonJS, and its cognito-emulator bin serves a seed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportsViaImport, exportsViaRequire } from '../../../../test-fixtures/support/load-built.js';
import { SEED_PATH } from '../support.js';

const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

describe('built package', () => {
  it('exists (npm test builds before testing)', () => {
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'bin.js'])
      expect(existsSync(new URL(`../../dist/${file}`, import.meta.url)), file).toBe(true);
  });

  it('loads with import and require, exposing the same API', () => {
    const viaImport = exportsViaImport('@cognito-connect/emulator');
    expect(viaImport).toEqual(['AdminError', 'SeedError', 'loadSeed', 'startEmulator', 'startStandInIdp']);
    expect(exportsViaRequire('@cognito-connect/emulator')).toEqual(viaImport);
  });
});

describe('cognito-emulator bin', () => {
  it('serves a seed file until SIGTERM, printing its URLs but no secret', async () => {
    const child = spawn(process.execPath, [BIN, '--seed', SEED_PATH, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl+C')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const discovery = /discovery\s+(\S+)/.exec(output)?.[1] as string;
    expect((await (await fetch(discovery)).json()) as object).toMatchObject({
      issuer: expect.stringContaining('us-east-1_EmuLat0r1'),
    });
    expect(output).toContain('confidential_web_client (secret in seed)');
    expect(output).not.toContain('emulatorconfidentialsecret');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('explains its usage, and refuses a bad seed with the path of each problem', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('exit', (code) => resolve({ code, stderr }));
      });
    expect(await run([])).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: cognito-emulator --seed') });
    const bad = await run(['--seed', fileURLToPath(new URL('../../package.json', import.meta.url))]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('seed.userPool');
  });
});
