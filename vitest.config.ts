// One vitest config for the monorepo: a project per package, each finding tests beside its code and in test/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packages = ['core', 'emulator', 'oauth-config', 'strapi-plugin', 'visitor-auth', 'cli'];
// Suites run once per CI run (.ci/run sets COGNITO_CONNECT_HEAVY=0 for the second and third Node versions): the heaviest
// end-to-end suites (`*.heavy.test.ts`: a fresh create-strapi-app, PostgreSQL with two Strapi instances, ...), and those
// whose verdict does not depend on the Node that runs them: Chromium's side of the flows (`*.browser.test.ts`, and the
// Strapi plugin's `e2e/browser.test.ts`; every Node runs the same flows over HTTP), the published packages' shape (publint,
// attw) and core in Bun, Deno and workerd.
const heavy = process.env.COGNITO_CONNECT_HEAVY !== '0';
const exclude = heavy
  ? []
  : [
      '**/*.heavy.test.ts',
      '**/*.browser.test.ts',
      '**/e2e/browser.test.ts',
      '**/publish/packages.test.ts',
      '**/test/runtimes.test.ts',
    ];
const src = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: {
          name,
          root: `packages/${name}`,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...exclude],
          testTimeout: 30_000,
          hookTimeout: 180_000,
        },
      })),
      {
        // Whole-repository checks on the built packages: publint, attw, npm pack + install, publish to a local registry.
        extends: true as const,
        test: {
          name: 'repo',
          root: '.',
          include: ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...exclude],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
  resolve: {
    // Tests run against each package's sources; test/build/*.test.ts load the built dist explicitly.
    alias: {
      '@cognito-connect/core': src('core'),
      '@cognito-connect/emulator': src('emulator'),
      '@cognito-connect/oauth-config': src('oauth-config'),
      '@cognito-connect/visitor-auth': src('visitor-auth'),
    },
  },
});
