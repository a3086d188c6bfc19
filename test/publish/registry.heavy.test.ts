// `lerna publish --no-push` of a clone of this repository to a local verdaccio: versions and changelogs from conventional
// commits, a tag per package (the README's first release plan), nothing pushed; then every package installs back from
// that registry and loads.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumer, installInto, loadEntries, loadProblems, strapiPeers } from './consumer.js';
import { type LocalRegistry, startLocalRegistry } from './local-registry.js';
import {
  BIN,
  ROOT,
  type PublishablePackage,
  assertBuilt,
  cleanEnv,
  publishablePackages,
  readManifest,
  run,
  tempDir,
} from './support.js';

const newer = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split(/[.-]/).slice(0, 3).map(Number)) as [number[], number[]];
  const i = x.findIndex((n, k) => n !== y[k]);
  return i >= 0 && (x[i] as number) > (y[i] as number);
};

/** The README's "first release plan": the `name@version` tags `lerna publish` makes, from its Releasing table. */
const releasePlan = async () => {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Releasing'));
  return [...section.matchAll(/^\| `[^`]+` +\| `([^`]+@\d+\.\d+\.\d+)` +\|$/gm)].map((m) => m[1]).sort();
};

const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd })).stdout.trim();

describe('lerna publish to a local registry', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let registry: LocalRegistry | undefined;
  let clone: string;
  let env: NodeJS.ProcessEnv;
  let before: PublishablePackage[];

  beforeAll(async () => {
    assertBuilt(publishablePackages());
    tmp = await tempDir('registry');
    const upstream = (await run('npm', ['config', 'get', 'registry'], { cwd: tmp.path })).stdout.trim();
    registry = await startLocalRegistry(join(tmp.path, 'verdaccio'), upstream);
    // The token lives in a user config file, never on a command line or in an error message.
    const userconfig = join(tmp.path, 'npmrc');
    await writeFile(userconfig, registry.npmrc, { mode: 0o600 });
    const gitconfig = join(tmp.path, 'gitconfig');
    await writeFile(gitconfig, '');
    const who = { name: 'Release Test', email: 'release-test@example.invalid' };
    env = cleanEnv({
      NPM_CONFIG_USERCONFIG: userconfig,
      // A git of its own: no signing, hooks or identity from the machine's config.
      GIT_CONFIG_GLOBAL: gitconfig,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_CACHE_DIRECTORY: join(tmp.path, 'nx-cache'),
      NX_WORKSPACE_DATA_DIRECTORY: join(tmp.path, 'nx-data'),
    });

    // lerna commits and tags: do it in a clone with no remote, so this checkout and any upstream stay untouched.
    clone = join(tmp.path, 'repo');
    await run('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], { cwd: tmp.path });
    await git(clone, 'remote', 'remove', 'origin');
    before = publishablePackages(clone);
    // dist/ is git-ignored: the clone publishes what `npm run build` made here, and its tree stays clean for lerna.
    for (const pkg of before)
      await cp(join(ROOT, 'packages', pkg.folder, 'dist'), join(clone, 'packages', pkg.folder, 'dist'), {
        recursive: true,
      });
  });

  afterAll(async () => {
    await registry?.stop();
    await tmp?.remove();
  });

  it('versions, changelogs, tags and publishes every package, and pushes nothing', async () => {
    const tagsHere = await git(ROOT, 'tag', '--list');
    await run(
      join(BIN, 'lerna'),
      ['publish', '--no-push', '--yes', '--registry', registry?.url ?? '', '--loglevel', 'warn'],
      { cwd: clone, env, timeoutMs: 240_000 },
    );

    const after = publishablePackages(clone);
    const tags = (await git(clone, 'tag', '--list')).split('\n');
    for (const pkg of after) {
      const old = before.find((b) => b.name === pkg.name) as PublishablePackage;
      expect(newer(pkg.version, old.version), `${pkg.name} ${old.version} -> ${pkg.version}`).toBe(true);
      expect(tags).toContain(`${pkg.name}@${pkg.version}`);
      const packument = await registry?.packument(pkg.name);
      expect(packument?.['dist-tags'].latest, pkg.name).toBe(pkg.version);
      // The changelog is lerna's alone: its header, then one entry for this version written from the git history.
      const changelog = await readFile(join(clone, 'packages', pkg.folder, 'CHANGELOG.md'), 'utf8');
      const headings = [...changelog.matchAll(/^#{1,2} \[?(\d+\.\d+\.\d+)/gm)].map((m) => m[1]);
      expect(changelog.startsWith('# Change Log'), pkg.name).toBe(true);
      expect(headings, pkg.name).toEqual([pkg.version]);
      expect(changelog, pkg.name).toMatch(/### Features\n\n\* \*\*/);
    }
    const core = await readFile(join(clone, 'packages', 'core', 'CHANGELOG.md'), 'utf8');
    expect(core).toMatch(/^\* \*\*core:\*\* definePool /m);
    // What lerna tagged is exactly the README's plan, and the private fixture app is not versioned.
    expect(tags.filter((tag) => tag.includes('@')).sort()).toEqual(await releasePlan());
    expect(after.map((pkg) => `${pkg.name}@${pkg.version}`).sort()).toEqual(await releasePlan());
    expect(await git(clone, 'log', '-1', '--format=%s')).toBe('chore(release): publish');
    expect(await git(clone, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(await git(clone, 'remote')).toBe('');
    expect(await git(ROOT, 'tag', '--list')).toBe(tagsHere);
  });

  it('installs every published package back from the registry; each loads from ESM and CommonJS', async () => {
    const published = publishablePackages(clone);
    const app = join(tmp.path, 'app');
    await createConsumer(app);
    await installInto(app, [...published.map((pkg) => `${pkg.name}@${pkg.version}`), ...strapiPeers()], [], env);
    for (const pkg of published)
      expect(readManifest(join(app, 'node_modules', pkg.name)).version, pkg.name).toBe(pkg.version);
    expect(loadProblems(published, await loadEntries(app, published))).toEqual([]);
  });
});
