// Golden files: generated output compared byte for byte with test-fixtures/oauth-config; UPDATE_GOLDEN=1 rewrites them.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedConfig } from '@cognito-connect/oauth-config';
import { expect } from 'vitest';

export const GOLDEN_ROOT = fileURLToPath(new URL('../../../../test-fixtures/oauth-config', import.meta.url));
const RESULT = 'result.json';

function listFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** Everything a generator returns, as the files a reviewer reads: each file, plus the rest as result.json. */
function render(config: GeneratedConfig): Map<string, string> {
  const files = new Map(config.files.map((f) => [f.path, f.contents]));
  const { files: list, ...rest } = config;
  const summary = { ...rest, files: list.map(({ path, format, description }) => ({ path, format, description })) };
  files.set(RESULT, `${JSON.stringify(summary, null, 2)}\n`);
  return files;
}

/** Compares `config` with test-fixtures/oauth-config/<name>/ (or rewrites it when UPDATE_GOLDEN=1). */
export function expectGolden(name: string, config: GeneratedConfig): void {
  const dir = join(GOLDEN_ROOT, name);
  const expected = render(config);
  if (process.env.UPDATE_GOLDEN === '1') {
    rmSync(dir, { recursive: true, force: true });
    for (const [path, contents] of expected) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
    return;
  }
  const present = listFiles(dir)
    .map((p) => relative(dir, p))
    .sort();
  expect(present, `golden files of ${name} (run with UPDATE_GOLDEN=1 to create or update them)`).toEqual(
    [...expected.keys()].sort(),
  );
  for (const [path, contents] of expected) {
    expect(contents, `${name}/${path} differs from its golden file (UPDATE_GOLDEN=1 updates it)`).toBe(
      readFileSync(join(dir, path), 'utf8'),
    );
  }
}
