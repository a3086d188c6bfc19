// What the READMEs and guides tell a new user to paste works as pasted: every emulator seed they show loads.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSeed } from '@cognito-connect/emulator';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Every Markdown file a user reads: the root README, each package's README, and the guides in docs/. */
function markdownFiles(): string[] {
  const packages = readdirSync(join(ROOT, 'packages')).map((name) => `packages/${name}/README.md`);
  const guides = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...packages, ...guides];
}

/** The fenced blocks of one language in a Markdown file, dedented (blocks inside a list item are indented). */
function codeBlocks(file: string, lang: string): Array<{ file: string; line: number; code: string }> {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const fence = new RegExp(`^( *)\`\`\`${lang}\\n([\\s\\S]*?)^\\1\`\`\`$`, 'gm');
  return [...text.matchAll(fence)].map((match) => {
    const [, indent = '', body = ''] = match;
    const code = body.replace(new RegExp(`^${indent}`, 'gm'), '');
    return { file, line: text.slice(0, match.index).split('\n').length, code };
  });
}

describe('the docs’ code blocks', () => {
  const seeds = markdownFiles()
    .flatMap((file) => codeBlocks(file, 'json'))
    .filter(({ code }) => /"userPool"/.test(code) && /"clients"|"users"/.test(code));

  it('finds the emulator seeds the guides show', () => {
    expect(seeds.map(({ file }) => file)).toContain('docs/strapi.md');
  });

  it('installs @cognito-connect/emulator wherever it runs `npx cognito-emulator` (else npx fetches whatever has that name)', () => {
    const unsafe = markdownFiles().filter((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      return text.includes('npx cognito-emulator') && !text.includes('npm install -D @cognito-connect/emulator');
    });
    expect(unsafe).toEqual([]);
  });

  it.each(seeds.map((seed) => [`${seed.file}:${seed.line}`, seed] as const))(
    'emulator seed %s loads as written',
    async (_where, { code }) => {
      await expect(loadSeed(JSON.parse(code))).resolves.toBeTruthy();
    },
  );
});
