// What the READMEs and guides tell a new user to paste works as pasted: every emulator seed they show loads, and every
// whole Strapi config file they show type-checks under a fresh TS app's compiler options.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSeed } from '@cognito-connect/emulator';
import ts from 'typescript';
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

/** The compiler options `create-strapi-app@5.54.0 --ts` writes into the app's tsconfig.json. */
const STRAPI_APP_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ['lib.es2020.d.ts'],
  target: ts.ScriptTarget.ES2019,
  strict: true,
  skipLibCheck: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  noImplicitThis: true,
  noEmit: true,
};

/** Type-checks snippets as files of one program (kept in memory, beside this test so `@strapi/strapi` resolves). */
function typeErrors(snippets: Array<{ file: string; line: number; code: string }>): string[] {
  const files = new Map(snippets.map((s, i) => [join(ROOT, 'test/docs', `snippet-${i}.ts`), s]));
  const host = ts.createCompilerHost(STRAPI_APP_OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name)?.code ?? readFile(name);
  host.getSourceFile = (name, version, ...rest) => {
    const snippet = files.get(name);
    return snippet ? ts.createSourceFile(name, snippet.code, version) : getSourceFile(name, version, ...rest);
  };
  const program = ts.createProgram([...files.keys()], STRAPI_APP_OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && files.get(d.file.fileName);
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
    return `${where ? `${where.file}:${where.line + line + 1}` : d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('the Strapi config files the docs show', () => {
  // A whole file: it imports Strapi's types or exports the config; fragments (a block to add) are left to the heavy suite.
  const files = ['packages/strapi-plugin/README.md', 'docs/strapi.md']
    .flatMap((file) => codeBlocks(file, 'ts'))
    .filter(({ code }) => /^export default|^import type \{ Core \}/m.test(code));

  it("finds the README's config/plugins.ts and the guide's config files", () => {
    expect(files.map(({ file }) => file)).toEqual(
      expect.arrayContaining(['packages/strapi-plugin/README.md', 'docs/strapi.md']),
    );
  });

  it('type-checks each under the compiler options of a fresh create-strapi-app --ts', () => {
    expect(typeErrors(files)).toEqual([]);
  });
});
