// The linter keeps core the one home of Cognito facts and the login's HTTP edge: copies in an adapter are errors.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function messages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('one home for the login edge (eslint.config.js)', () => {
  it.each([
    ['a hand-made login cookie', 'export const c = `__Host-session=${1}; Path=/; HttpOnly`;', /edgeCookie/],
    [
      'a status picked for a core error',
      "import { CognitoFlowError } from '@cognito-connect/core';\nexport const s = (e: unknown) => (e instanceof CognitoFlowError ? 400 : 500);",
      /errorStatus/,
    ],
    [
      'a group check of its own',
      "export const ok = (groups: string[]) => groups.some((g) => g === 'admins');",
      /requireGroup/,
    ],
    ['a URL rule of its own', "export const bad = (url: URL) => url.protocol !== 'https:';", /parseHttpsUrl/],
    ['a Cognito claim name', "export const claim = 'cognito:groups';", /COGNITO_CLAIMS/],
  ])(
    'refuses %s in an adapter, allows it in core',
    async (_name, code, message) => {
      const found = await messages(code, 'packages/visitor-auth/src/probe.ts');
      expect(found.length).toBeGreaterThan(0);
      for (const text of found) expect(text).toMatch(message);
      expect(await messages(code, 'packages/core/src/lib/probe.ts')).toEqual([]);
    },
    60_000,
  );
});
