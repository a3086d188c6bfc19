// What a new user does, end to end (heavy: minutes): create-strapi-app@5.54.0, npm install of the packed tarballs, the
// config files copied from docs/strapi.md, the admin built, and in Chromium the first admin, the Providers page saved
// unchanged, and a sign-in through both flows against the emulator.
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, screenshotPath } from '../../../../test-fixtures/support/chromium.js';
import { freePort } from '../../../../test-fixtures/support/ports.js';
import { CONFIG_SECRET_MARKER } from '../../src/server/services/app-client.js';
import { registerFirstAdmin, saveCognitoProviderUnchanged, signInToJson } from '../support/admin-panel.js';
import { REPO, type StrapiProcess, packPlugin, startStrapiProcess, strapiCli } from '../support/app-copy.js';
import { LOGIN_ROUTES } from '../support/browser.js';
import { ALICE, SEED, TRANSACTION_SECRET, assertPluginBuilt, registerStrapiClient } from '../support/stack.js';

const CREATE_STRAPI_APP = [
  'create-strapi-app@5.54.0',
  'app',
  '--use-npm',
  '--ts',
  '--skip-cloud',
  '--no-example',
  '--no-git-init',
  '--dbclient',
  'sqlite',
  '--no-run',
  '--install',
  '--non-interactive',
];
const ADMIN = { firstname: 'Fresh', lastname: 'Owner', email: 'owner@example.com', password: 'Owner-password-1' };

/** Runs a command in `cwd`; a failure carries the end of its output (never skipped: a missing tool fails the suite). */
async function run(command: string, args: string[], cwd: string, timeout: number): Promise<void> {
  try {
    await promisify(execFile)(command, args, {
      cwd,
      timeout,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CI: 'true', STRAPI_TELEMETRY_DISABLED: 'true', npm_config_yes: 'true' },
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${String(stdout).slice(-3000)}\n${String(stderr).slice(-3000)}`,
    );
  }
}

/** The `ts` code block of docs/strapi.md that contains `marker`, dedented (step 6's blocks sit inside a list item). */
function docsBlock(marker: string): string {
  const docs = readFileSync(join(REPO, 'docs/strapi.md'), 'utf8');
  const blocks = [...docs.matchAll(/^( *)```ts\n([\s\S]*?)^\1```$/gm)].map(([, indent = '', body = '']) =>
    body.replace(new RegExp(`^${indent}`, 'gm'), ''),
  );
  const found = blocks.filter((block) => block.includes(marker));
  if (found.length !== 1) throw new Error(`docs/strapi.md has ${found.length} ts blocks with ${marker}, expected one`);
  return found[0] as string;
}

describe.runIf(chromiumAvailable())('a fresh create-strapi-app, set up by following the docs', () => {
  let work: string;
  let app: string;
  let emulator: Emulator;
  let strapi: StrapiProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    assertPluginBuilt();
    work = mkdtempSync(join(tmpdir(), 'cognito-connect-fresh-'));
    app = join(work, 'app');
    const tarballs = packPlugin(work);
    await run('npx', ['--yes', ...CREATE_STRAPI_APP], work, 1_200_000);
    // create-strapi-app leaves it empty, and an empty value is taken as the file name.
    const env = readFileSync(join(app, '.env'), 'utf8');
    expect(env).toMatch(/^DATABASE_FILENAME=$/m);
    writeFileSync(join(app, '.env'), env.replace(/^DATABASE_FILENAME=$/m, 'DATABASE_FILENAME=.tmp/data.db'));
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', ...tarballs.map((t) => join(work, t.filename))],
      app,
      1_200_000,
    );

    // The template's config/plugins.ts must be the one the docs merged into (else the docs are out of date).
    const merged = docsBlock('Core.Config.Plugin');
    const template = readFileSync(join(app, 'config/plugins.ts'), 'utf8');
    expect(merged.replace(/\n {2}\/\/ Added for Cognito\.\n[\s\S]*?\n {2}\},\n(?=\}\);)/, '\n')).toBe(template);
    writeFileSync(join(app, 'config/plugins.ts'), merged);
    writeFileSync(join(app, 'config/server.ts'), docsBlock('Core.Config.Server'));

    emulator = await startEmulator({ seed: SEED, port: 0 });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const client = registerStrapiClient(emulator, url);
    // The .env of the docs' "Trying it against the local emulator".
    appendFileSync(
      join(app, '.env'),
      [
        `PUBLIC_URL=${url}`,
        `COGNITO_USER_POOL_ID=${emulator.userPoolId}`,
        `COGNITO_ISSUER=${emulator.issuer}`,
        `COGNITO_DOMAIN=${emulator.url}`,
        `COGNITO_CLIENT_ID=${client.clientId}`,
        `COGNITO_CLIENT_SECRET=${client.clientSecret}`,
        `COGNITO_TRANSACTION_SECRET=${TRANSACTION_SECRET}`,
        '',
      ].join('\n'),
    );
    await strapiCli(app, ['build']);
    expect(existsSync(join(app, 'dist/build/index.html')) || existsSync(join(app, 'build/index.html'))).toBe(true);
    [strapi, browser] = await Promise.all([startStrapiProcess(app, port, {}), launchChromium()]);
  }, 3_000_000);

  afterAll(async () => {
    await browser?.close();
    await strapi?.stop();
    await emulator?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('lets the first admin open Providers > Cognito, see what config holds, and save it unchanged', async () => {
    const page = await (await (browser as Browser).newContext()).newPage();
    page.setDefaultTimeout(180_000);
    const base = (strapi as StrapiProcess).url;
    await registerFirstAdmin(page, base, ADMIN);
    const modal = await saveCognitoProviderUnchanged(page, base, screenshotPath('fresh-app-providers-cognito'));
    expect(modal.values['Client Secret']).toBe(CONFIG_SECRET_MARKER);
    expect(modal.labels.join(' | ')).not.toMatch(/Host URI|JWKS/);
  }, 900_000);

  it('signs a Cognito user in through both flows, to users-permissions tokens (the template is in refresh mode)', async () => {
    for (const start of LOGIN_ROUTES) {
      const context = await (browser as Browser).newContext();
      const signedIn = await signInToJson(await context.newPage(), `${(strapi as StrapiProcess).url}${start}`, ALICE);
      expect(signedIn.user.email, `${start}\n${strapi?.output()}`).toBe('alice@example.com');
      expect(signedIn).toHaveProperty('refreshToken');
      await context.close();
    }
  }, 900_000);
});
