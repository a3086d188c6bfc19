// Bundles the GitBook integration into one Workers-style ES module (dist/gitbook/index.js): @gitbook/runtime ships TypeScript only.
// Platform "browser" makes any node: import in the handler's code path a build error, not a production surprise.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = process.argv[2] ?? `${root}dist/gitbook/index.js`;
// In the monorepo, bundle core from its sources: the bundle is always current, whether or not core was built.
const coreSources = `${root}../core/src/index.ts`;

await build({
  absWorkingDir: root,
  entryPoints: ['src/gitbook/index.tsx'],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['worker', 'browser'],
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  jsx: 'automatic',
  jsxImportSource: '@gitbook/runtime',
  // The GitBook runtime reads MODE, a Workers environment global, to check the API version in production.
  define: { MODE: '"production"' },
  alias: existsSync(coreSources) ? { '@cognito-connect/core': coreSources } : {},
  logLevel: 'warning',
});

const code = readFileSync(outfile);
console.log(
  `gitbook bundle: ${outfile} ${(code.length / 1024).toFixed(1)} KB minified, ${(gzipSync(code).length / 1024).toFixed(1)} KB gzipped`,
);
