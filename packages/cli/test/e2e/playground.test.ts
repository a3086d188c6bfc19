// `npm start` as a new user meets it: the playground comes up, the docs site and Strapi log in through the emulator in Chromium.
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cognitoApi } from '../../../../test-fixtures/support/cognito-api.js';
import { chromiumAvailable, launchChromium, screenshotPath } from '../../../../test-fixtures/support/chromium.js';
import { freePort } from '../../../../test-fixtures/support/ports.js';
import { type Playground, startPlayground, summaryLines } from '../../src/commands/playground.js';
import { createOutput } from '../../src/output.js';

const fixtures = new URL('../../../../test-fixtures/', import.meta.url).pathname;
let playground: Playground;

/** Runs a shell command line to its end without blocking this process's event loop. */
const shell = (command: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolveRun) =>
    execFile('sh', ['-c', command], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolveRun({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );

beforeAll(async () => {
  playground = await startPlayground({
    seed: `${fixtures}emulator/seed.json`,
    docsDir: `${fixtures}docs-site`,
    strapiDir: `${fixtures}strapi-app`,
    ports: { emulator: await freePort(), gateway: await freePort(), strapi: await freePort() },
    out: createOutput({ json: true }),
  });
}, 240_000);

afterAll(async () => {
  await playground?.stop();
});

describe('playground', () => {
  it('reports every service with working URLs', async () => {
    const { summary } = playground;
    expect((await fetch(`${summary.emulator.discovery}`)).status).toBe(200);
    expect((await fetch(`${summary.strapi}/_health`)).status).toBe(204);
    const docs = await fetch(`${summary.docs}/`, { redirect: 'manual' });
    expect(docs.status).toBe(302);
    expect(summary.configs.gitlab).toMatch(/OmniAuth::Strategies::OpenIDConnect/);
    expect(summary.configs.appsmith).toMatch(/APPSMITH_OAUTH2_OIDC_CLIENT_ID=/);
  });

  it('shows an Amplify app signing in by SRP and calling the Strapi API with its access token as a Bearer token', async () => {
    const { amplify, strapi, emulator } = playground.summary;
    expect(amplify?.problem).toBeUndefined();
    expect(amplify?.result).toMatchObject({
      signedIn: { username: 'alice', authFlow: 'USER_SRP_AUTH' },
      request: 'GET /api/users/me',
      status: 200,
      body: { username: 'alice', email: 'alice@example.com', provider: 'cognito' },
    });
    // The same route refuses a caller without the token.
    expect((await fetch(`${strapi}/api/users/me`)).status).toBeGreaterThanOrEqual(401);
    // The app client allows SRP only, so the demo's sign-in was SRP: a password sign-in with it is refused.
    const passwordFlow = await cognitoApi(emulator.domain, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: amplify?.clientId,
      AuthParameters: { USERNAME: 'alice', PASSWORD: 'Alice-password-1' },
    });
    expect(passwordFlow.status).toBe(400);
    expect(((await passwordFlow.json()) as { message: string }).message).toMatch(/not enabled/);

    // The printed command runs it again, here as bob (a user Strapi has never seen): his own Strapi user answers.
    const asBob = amplify!.command
      .replace('DEMO_USERNAME=alice', 'DEMO_USERNAME=bob')
      .replace('DEMO_PASSWORD=Alice-password-1', 'DEMO_PASSWORD=Bob-password-1');
    // (Run without blocking: the emulator answers from this very process.)
    const bob = await shell(asBob);
    expect(bob.code, bob.stderr).toBe(0);
    expect(JSON.parse(bob.stdout)).toMatchObject({ status: 200, body: { username: 'bob', email: 'bob@example.com' } });
    // A wrong password gets no token: Amplify's NotAuthorizedException, and nothing printed for Strapi.
    const wrong = await shell(asBob.replace('DEMO_PASSWORD=Bob-password-1', 'DEMO_PASSWORD=Not-bobs-1'));
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/NotAuthorizedException|Incorrect username or password/);
    expect(wrong.stdout).toBe('');
  }, 240_000);

  describe.runIf(chromiumAvailable())('in Chromium', () => {
    it('signs alice into the docs site, then into Strapi with the same Cognito session', async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        // The summary as the terminal shows it, kept as a docs screenshot.
        const html = `<pre style="font:14px/1.4 monospace;padding:16px;background:#111;color:#eee">${summaryLines(playground.summary).join('\n').replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>`;
        writeFileSync(screenshotPath('playground-summary').replace(/\.png$/, '.html'), html);
        await page.setContent(html);
        await page.screenshot({ path: screenshotPath('playground-summary'), fullPage: true });

        await page.goto(`${playground.summary.docs}/`);
        await page.fill('input[name=username]', 'alice');
        await page.fill('input[name=password]', 'Alice-password-1');
        await page.click('button[type=submit]');
        await page.waitForURL(`${playground.summary.docs}/**`);
        expect(await page.content()).not.toMatch(/Sign in/i);

        const response = await page.goto(`${playground.summary.strapi}/api/cognito-connect/login`);
        expect(response?.ok()).toBe(true);
        const body = JSON.parse((await page.textContent('body')) ?? '{}');
        expect(body.user?.email).toBe('alice@example.com');
        expect(typeof body.jwt).toBe('string');
      } finally {
        await browser.close();
      }
    });
  });
});

describe('npm start', () => {
  it('starts everything, and Ctrl-C stops every service', async () => {
    const ports = { emulator: await freePort(), gateway: await freePort(), strapi: await freePort() };
    const script = new URL('../../../../scripts/start.mjs', import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      [
        script,
        '--port',
        String(ports.emulator),
        '--gateway-port',
        String(ports.gateway),
        '--strapi-port',
        String(ports.strapi),
      ],
      {
        cwd: new URL('../../../../', import.meta.url).pathname,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    await new Promise<void>((resolveReady, reject) => {
      const timer = setInterval(() => output.includes('Press Ctrl-C') && (clearInterval(timer), resolveReady()), 200);
      child.once('exit', (code) => (clearInterval(timer), reject(new Error(`exited ${code}: ${output}`))));
    });
    expect(output).toMatch(/Strapi ready in \d+ s/);
    expect(output).toMatch(/alice \/ Alice-password-1/);
    for (const port of Object.values(ports))
      expect(
        await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' }).then(
          () => true,
          () => false,
        ),
      ).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(0);
    for (const port of Object.values(ports))
      expect(
        await fetch(`http://127.0.0.1:${port}/`).then(
          () => 'open',
          () => 'closed',
        ),
      ).toBe('closed');
  }, 240_000);
});
