// Every package as npm would publish it passes publint and Are The Types Wrong (node16 profile), and carries its publishing metadata.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  MAIN_EXPORT,
  type PackedTarball,
  type PublishablePackage,
  assertBuilt,
  packAll,
  publishablePackages,
  run,
  tempDir,
} from './support.js';

const pkgs = publishablePackages();

/** attw problem kinds, as its JSON output names them. */
interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
  implementationFileName?: string;
}

/**
 * attw findings we accept, each for a stated reason; anything else fails.
 * - node10: the node16 profile ignores Node 10 resolution (no `exports` support), as `attw --profile node16` does.
 * - The Strapi plugin's ./strapi-server is a CommonJS shim (`module.exports = plugin`) that Strapi loads with require();
 *   its types are right for require(), but attw cannot see the shim's properties as ESM named exports. Nobody imports it from ESM.
 */
function accepted(pkg: PublishablePackage, problem: AttwProblem): string | undefined {
  if (problem.resolutionKind === 'node10') return 'node10 resolution (outside the node16 profile)';
  if (
    pkg.name === '@cognito-connect/strapi-plugin' &&
    problem.kind === 'NamedExports' &&
    problem.implementationFileName?.endsWith('/strapi/strapi-server.js')
  ) {
    return 'CommonJS shim Strapi require()s: no ESM named exports';
  }
  return undefined;
}

const describeProblem = (p: AttwProblem) => [p.kind, p.entrypoint, p.resolutionKind].filter(Boolean).join(' ');

describe('published packages', () => {
  let tarballs: Map<string, PackedTarball>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    assertBuilt(pkgs);
    const dir = await tempDir('lint');
    cleanup = dir.remove;
    tarballs = await packAll(pkgs, dir.path);
  });
  afterAll(() => cleanup?.());

  it('finds every package under packages/, each with a known main export', () => {
    expect(pkgs.map((pkg) => pkg.name).sort()).toEqual(Object.keys(MAIN_EXPORT).sort());
  });

  it.each(pkgs.map((pkg) => [pkg.name, pkg] as const))(
    '%s has the metadata npm and lerna publish need',
    (_name, pkg) => {
      const m = pkg.manifest as unknown as Record<string, unknown>;
      expect(m).toMatchObject({
        license: 'MIT',
        type: 'module',
        engines: { node: expect.stringMatching(/^>=20/) },
        repository: {
          type: 'git',
          url: expect.stringContaining('github.com/cognito-connect/cognito-connect'),
          directory: `packages/${pkg.folder}`,
        },
        publishConfig: { access: 'public' },
        homepage: expect.stringContaining(`packages/${pkg.folder}`),
        bugs: { url: expect.stringContaining('/issues') },
        author: expect.any(String),
        types: expect.any(String),
        files: expect.arrayContaining(['dist', 'CHANGELOG.md']),
        keywords: expect.arrayContaining(['cognito']),
      });
      expect(m.exports).toHaveProperty(['.']);
      const files = tarballs.get(pkg.name)?.files ?? [];
      expect(files).toEqual(
        expect.arrayContaining([
          'package.json',
          'CHANGELOG.md',
          'dist/index.js',
          'dist/index.cjs',
          'dist/index.d.ts',
          'dist/index.d.cts',
        ]),
      );
      // Sources, tests and configs stay out of the tarball.
      expect(files.filter((f) => /^(src|test|bench)\/|tsup\.config|tsconfig/.test(f))).toEqual([]);
    },
  );

  it('tags each platform package with its platform keyword', () => {
    const keywords = (name: string) =>
      pkgs.find((pkg) => pkg.name === name)?.manifest as { keywords?: string[] } | undefined;
    expect(keywords('@cognito-connect/strapi-plugin')?.keywords).toEqual(
      expect.arrayContaining(['strapi-plugin', 'strapi']),
    );
    expect(keywords('@cognito-connect/visitor-auth')?.keywords).toContain('gitbook');
    expect(keywords('@cognito-connect/oauth-config')?.keywords).toContain('gitlab');
  });

  it.each(pkgs.map((pkg) => [pkg.name, pkg] as const))('%s passes publint', async (_name, pkg) => {
    const tarball = tarballs.get(pkg.name) as PackedTarball;
    const data = await readFile(tarball.file);
    const { messages, pkg: manifest } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
      level: 'suggestion',
    });
    const lines = messages.map((m) => `${m.type}: ${formatMessage(m, manifest) ?? m.code}`);
    if (lines.length > 0) console.log(`publint ${pkg.name}:\n  ${lines.join('\n  ')}`);
    expect(lines.filter((line) => line.startsWith('error:'))).toEqual([]);
  });

  it.each(pkgs.map((pkg) => [pkg.name, pkg] as const))('%s passes attw (node16 profile)', async (_name, pkg) => {
    const tarball = tarballs.get(pkg.name) as PackedTarball;
    const { stdout } = await run(join(BIN, 'attw'), [tarball.file, '--profile', 'node16', '--format', 'json'], {
      cwd: join(tarball.file, '..'),
      allowFailure: true,
      timeoutMs: 120_000,
    });
    const result = JSON.parse(stdout) as {
      problems?: Record<string, AttwProblem[]>;
      analysis?: { entrypoints?: Record<string, unknown> };
    };
    expect(Object.keys(result.analysis?.entrypoints ?? {})).toEqual(
      expect.arrayContaining(pkg.specifiers.map((s) => (s === pkg.name ? '.' : `./${s.slice(pkg.name.length + 1)}`))),
    );
    const problems = Object.values(result.problems ?? {}).flat();
    const notes = problems.flatMap((p) => {
      const why = accepted(pkg, p);
      return why ? [`${describeProblem(p)} (accepted: ${why})`] : [];
    });
    if (notes.length > 0) console.log(`attw ${pkg.name}:\n  ${notes.join('\n  ')}`);
    expect(problems.filter((p) => !accepted(pkg, p)).map(describeProblem)).toEqual([]);
  });
});
