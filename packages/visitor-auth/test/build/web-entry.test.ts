// The ./web entry must bundle for a browser-like worker: any Node built-in reachable from it fails this build.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));

async function bundleFor(entry: string) {
  return build({
    absWorkingDir: PACKAGE,
    stdin: { contents: `export * from './${entry}';`, resolveDir: PACKAGE, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['worker', 'browser'],
    logLevel: 'silent',
  });
}

describe('entries', () => {
  it('./web bundles for a worker without Node built-ins', async () => {
    const result = await bundleFor('src/web.ts');
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]?.text).toContain('jwt_token');
  });

  it('the root entry is the one that brings the Node gateway', async () => {
    await expect(bundleFor('src/index.ts')).rejects.toThrow(
      /Could not resolve "(node:)?(fs|path|net|http|stream|process)"/,
    );
  });
});
