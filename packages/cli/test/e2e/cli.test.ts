// The cognito-connect commands, run in-process against the emulator and the real Cognito fixtures.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../../../test-fixtures/support/ports.js';
import { createProgram } from '../../src/index.js';

const fixtures = new URL('../../../../test-fixtures/', import.meta.url).pathname;
const tokens = JSON.parse(readFileSync(join(fixtures, 'real-cognito/tokens.json'), 'utf8')) as Record<string, string>;
const jwksFile = join(fixtures, 'real-cognito/jwks.json');
const dir = mkdtempSync(join(tmpdir(), 'cognito-connect-cli-'));

/** Runs one command line in-process; returns what it printed and the exit code. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  process.exitCode = 0;
  try {
    await createProgram().exitOverride().parseAsync(args, { from: 'user' });
  } catch (error) {
    err += String((error as Error).message);
    if (!process.exitCode) process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out, err };
}

describe('init', () => {
  it('writes a validated settings file with the secret as an env reference', async () => {
    const file = join(dir, 'init.json');
    const r = await run(
      'init',
      '--no-interactive',
      '--pool',
      'eu-west-1_AbC123xyZ',
      '--domain',
      'https://myapp.auth.eu-west-1.amazoncognito.com/',
      '--client-id',
      '4tg7fhidb5adr5jc1bna4me2i6',
      '--client-secret-env',
      'MY_SECRET',
      '--out',
      file,
    );
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written).toMatchObject({ userPoolId: 'eu-west-1_AbC123xyZ', clientSecret: { env: 'MY_SECRET' } });
    const again = await run(
      'init',
      '--no-interactive',
      '--pool',
      'eu-west-1_AbC123xyZ',
      '--domain',
      'myapp',
      '--client-id',
      'abc',
      '--out',
      file,
    );
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists; pass --force/);
  });

  it('refuses a bad value, naming the field and the flag', async () => {
    const r = await run(
      'init',
      '--no-interactive',
      '--pool',
      'eu-west-1AbC',
      '--domain',
      'myapp',
      '--client-id',
      'abc',
      '--out',
      join(dir, 'bad.json'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/userPoolId: expected "<region>_<id>"/);
    expect(r.err).toMatch(/--pool/);
  });
});

describe('verify', () => {
  const base = [
    '--pool',
    'us-west-2_XRsUGkwyU',
    '--client-id',
    '4tg7fhidb5adr5jc1bna4me2i6',
    '--jwks-file',
    jwksFile,
    '--at',
    '2020-03-25T23:10:00Z',
  ];

  it('prints the verified claims of a real Cognito token', async () => {
    const r = await run('verify', tokens.access_nogroups as string, ...base, '--token-use', 'access');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid.*access token for BasicUser/);
    const json = await run('--json', 'verify', tokens.access_nogroups as string, ...base);
    expect(JSON.parse(json.out)).toMatchObject({
      valid: true,
      claims: { username: 'BasicUser' },
      profile: { username: 'BasicUser' },
    });
  });

  it('says exactly why a token fails', async () => {
    const expired = await run(
      '--json',
      'verify',
      tokens.access_nogroups as string,
      ...base.slice(0, -2),
      '--at',
      '2021-01-01T00:00:00Z',
    );
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.out)).toMatchObject({ valid: false, code: 'TOKEN_EXPIRED', claim: 'exp' });
    const wrongUse = await run('verify', tokens.access_nogroups as string, ...base, '--token-use', 'id');
    expect(wrongUse.code).toBe(1);
    expect(wrongUse.err).toMatch(/TOKEN_USE_MISMATCH/);
    const tampered = `${tokens.access_nogroups?.slice(0, -8)}AAAAAAAA`;
    expect((await run('verify', tampered, ...base)).err).toMatch(/TOKEN_SIGNATURE_INVALID/);
  });
});

describe('doctor and config against the emulator', () => {
  let emulator: Emulator;
  let clientId: string;
  const configFile = join(dir, 'emulator.json');
  const CALLBACK = 'http://127.0.0.1:4998/callback';

  beforeAll(async () => {
    emulator = await startEmulator({ seed: join(fixtures, 'emulator/seed.json'), port: 0 });
    const client = emulator.admin.addClient({
      name: 'doctor',
      generateSecret: true,
      callbackUrls: [
        CALLBACK,
        'https://gitlab.example.com/users/auth/cognito/callback',
        'https://wiki.example.com/oidc/callback',
      ],
      logoutUrls: ['http://127.0.0.1:4998/'],
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid', 'email', 'profile'],
      supportedIdentityProviders: ['COGNITO'],
    });
    clientId = client.clientId;
    process.env.DOCTOR_SECRET = client.clientSecret;
    const settings = emulator.settingsFor(clientId);
    writeFileSync(
      configFile,
      JSON.stringify({
        userPoolId: settings.userPoolId,
        domain: settings.domain,
        issuer: settings.issuer,
        clientId,
        clientSecret: { env: 'DOCTOR_SECRET' },
        redirectUri: CALLBACK,
        platforms: {
          gitlab: { gitlabUrl: 'https://gitlab.example.com' },
          apache: { siteUrl: 'https://wiki.example.com' },
        },
      }),
    );
  });

  afterAll(async () => {
    delete process.env.DOCTOR_SECRET;
    await emulator?.stop();
  });

  it('passes every check on a correct configuration', async () => {
    const r = await run('doctor', '--config', configFile);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/all \d+ checks passed/);
    expect(r.out).toMatch(/callback:gitlab/);
    expect(r.out).toMatch(/callback:apache/);
  });

  it('passes every check on the file `init` writes for the emulator, with the emulator issuer filled in', async () => {
    const file = join(dir, 'init-emulator.json');
    const { userPoolId, domain, issuer } = emulator.settingsFor(clientId);
    const flags = ['--pool', userPoolId, '--domain', domain, '--client-id', clientId];
    const init = await run('init', '--no-interactive', ...flags, '--client-secret-env', 'DOCTOR_SECRET', '--out', file);
    expect(init.code).toBe(0);
    expect(init.out).toContain(`issuer ${issuer}`);
    expect(JSON.parse(readFileSync(file, 'utf8')).issuer).toBe(issuer);
    const doctor = await run('doctor', '--config', file);
    expect(doctor.out).toMatch(/all \d+ checks passed/);
    expect(doctor.code).toBe(0);
    // --issuer wins, and is validated like every other field.
    const bad = await run('init', '--no-interactive', ...flags, '--issuer', 'ftp://x', '--out', join(dir, 'i2.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/issuer/);
  });

  it('fails with a fix when the secret is wrong, the JWKS is down, or a callback is missing', async () => {
    process.env.DOCTOR_SECRET = 'definitely-not-the-secret';
    const wrongSecret = await run('--json', 'doctor', '--config', configFile);
    expect(wrongSecret.code).toBe(1);
    const secretCheck = JSON.parse(wrongSecret.out).checks.find((c: { check: string }) => c.check === 'secret');
    expect(secretCheck).toMatchObject({ ok: false, fix: expect.stringMatching(/client secret is wrong/) });
    expect(wrongSecret.out).not.toContain('definitely-not-the-secret');
    process.env.DOCTOR_SECRET = emulator.settingsFor(clientId).clientSecret;

    emulator.faults.set({ jwks: 'error' });
    const jwksDown = await run('doctor', '--config', configFile);
    emulator.faults.clear();
    expect(jwksDown.code).toBe(1);
    expect(jwksDown.out).toMatch(/✗ jwks/);

    emulator.faults.set({ discovery: 'error' });
    const discoveryDown = await run('doctor', '--config', configFile);
    emulator.faults.clear();
    expect(discoveryDown.code).toBe(1);
    expect(discoveryDown.out).toMatch(/✗ discovery[\s\S]*fix: Check userPoolId/);

    const otherPool = JSON.parse(readFileSync(configFile, 'utf8'));
    otherPool.issuer = otherPool.issuer.replace('us-east-1_EmuLat0r1', 'us-east-1_OtherPool1');
    otherPool.userPoolId = 'us-east-1_OtherPool1';
    const otherFile = join(dir, 'other-pool.json');
    writeFileSync(otherFile, JSON.stringify(otherPool));
    expect((await run('doctor', '--config', otherFile)).out).toMatch(/✗ discovery/);

    const withGrafana = JSON.parse(readFileSync(configFile, 'utf8'));
    withGrafana.platforms.grafana = { grafanaUrl: 'https://grafana.example.com' };
    const grafanaFile = join(dir, 'grafana.json');
    writeFileSync(grafanaFile, JSON.stringify(withGrafana));
    const missing = await run('doctor', '--config', grafanaFile);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/✗ callback:grafana/);
    expect(missing.out).toMatch(/fix: Add https:\/\/grafana\.example\.com\/login\/generic_oauth/);

    const movedSite = JSON.parse(readFileSync(configFile, 'utf8'));
    movedSite.platforms.apache = { siteUrl: 'https://docs.example.com', callbackPath: '/auth/cb' };
    const apacheFile = join(dir, 'apache.json');
    writeFileSync(apacheFile, JSON.stringify(movedSite));
    const unregistered = await run('doctor', '--config', apacheFile);
    expect(unregistered.code).toBe(1);
    expect(unregistered.out).toMatch(/✗ callback:apache/);
    expect(unregistered.out).toMatch(/fix: Add https:\/\/docs\.example\.com\/auth\/cb/);
  });

  it("runs `config terraform --out ./infra --json` (its --help example) for the settings file's own callback URL", async () => {
    const out = join(dir, 'infra');
    const r = await run('--json', 'config', 'terraform', '--config', configFile, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).appClient).toMatchObject({ callbackUrls: [CALLBACK] });
    expect(readFileSync(join(out, 'user-pool-client.tf'), 'utf8')).toContain(CALLBACK);
    // An explicit choice wins over the file's redirectUri.
    const explicit = await run(
      '--json',
      'config',
      'aws-cli',
      '--config',
      configFile,
      '--set',
      'callbackUrls=["https://x.example.com/cb"]',
    );
    expect(JSON.parse(explicit.out).appClient.callbackUrls).toEqual(['https://x.example.com/cb']);
  });

  it('prints a platform config, without the secret unless asked', async () => {
    const r = await run('config', 'gitlab', '--config', configFile);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/OmniAuth::Strategies::OpenIDConnect/);
    expect(r.out).toMatch(/callback URL {2}https:\/\/gitlab\.example\.com\/users\/auth\/cognito\/callback/);
    expect(r.out).not.toContain(process.env.DOCTOR_SECRET as string);
    const json = await run(
      '--json',
      'config',
      'appsmith',
      '--config',
      configFile,
      '--set',
      'appsmithUrl=https://appsmith.example.com',
      '--no-secrets',
    );
    expect(JSON.parse(json.out).callbackUrls).toEqual(['https://appsmith.example.com/login/oauth2/code/oidc']);
    expect(json.out).not.toContain(process.env.DOCTOR_SECRET as string);
    const list = await run('config');
    expect(list.out).toMatch(/gitlab/);
    expect(list.out).toMatch(/terraform/);
  });
});

describe('the built bin', () => {
  it('prints help for every command', () => {
    const bin = new URL('../../dist/bin.js', import.meta.url).pathname;
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    for (const command of ['init', 'config', 'emulator', 'gateway', 'verify', 'doctor', 'playground'])
      expect(help).toContain(command);
    expect(execFileSync(process.execPath, [bin, 'doctor', '--help'], { encoding: 'utf8' })).toMatch(/--config/);
  });

  it('says which port is taken and which option picks another, instead of a stack trace', async () => {
    const bin = new URL('../../dist/bin.js', import.meta.url).pathname;
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const child = spawn(
        process.execPath,
        [bin, 'emulator', '--seed', join(fixtures, 'emulator/seed.json'), '--port', String(port)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let err = '';
      child.stderr.on('data', (d) => (err += String(d)));
      const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
      expect(code).toBe(1);
      expect(err).toContain(`127.0.0.1:${port} is already in use`);
      expect(err).toMatch(/--port/);
      expect(err).not.toMatch(/unexpected error|\n\s+at /);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('stops quietly when its reader goes away (`cognito-connect config | head -2`)', async () => {
    const bin = new URL('../../dist/bin.js', import.meta.url).pathname;
    // The reader closes before the CLI writes its first line, as `head` does once it has its lines.
    const child = spawn(process.execPath, [bin, 'config'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    expect(err).toBe('');
    expect(code).toBe(141);
  });
});

describe('long-running commands from the built bin', () => {
  const bin = new URL('../../dist/bin.js', import.meta.url).pathname;

  function spawnUntil(args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const started = new Promise<string>((resolveStarted, reject) => {
      child.stdout.on('data', (d) => {
        output += String(d);
        if (ready.test(output)) resolveStarted(output);
      });
      child.stderr.on('data', (d) => (output += String(d)));
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const stopped = () =>
      new Promise<number | null>((r) =>
        child.exitCode !== null ? r(child.exitCode) : (child.once('exit', (code) => r(code)), child.kill('SIGINT')),
      );
    return { started, stopped };
  }

  it('emulator serves the seed until Ctrl-C, without printing secrets', async () => {
    const run = spawnUntil(
      ['emulator', '--seed', join(fixtures, 'emulator/seed.json'), '--port', '0'],
      {},
      /Press Ctrl-C/,
    );
    const output = await run.started;
    const domain = /domain\s+(http:\/\/\S+)/.exec(output)?.[1] as string;
    expect((await fetch(`${domain}/us-east-1_EmuLat0r1/.well-known/jwks.json`)).status).toBe(200);
    const seed = JSON.parse(readFileSync(join(fixtures, 'emulator/seed.json'), 'utf8'));
    for (const c of seed.clients) if (c.clientSecret) expect(output).not.toContain(c.clientSecret);
    expect(await run.stopped()).toBe(0);
  });

  it('gateway sends an anonymous visitor to the Cognito login and stops cleanly', async () => {
    const emulator = await startEmulator({ seed: join(fixtures, 'emulator/seed.json'), port: 0 });
    const port = await freePort();
    const site = `http://127.0.0.1:${port}`;
    let run: ReturnType<typeof spawnUntil> | undefined;
    try {
      const client = emulator.admin.addClient({
        name: 'gw',
        generateSecret: true,
        callbackUrls: [`${site}/_auth/callback`],
        allowedOAuthFlows: ['code'],
        allowedOAuthScopes: ['openid', 'email', 'profile'],
        supportedIdentityProviders: ['COGNITO'],
      });
      const s = emulator.settingsFor(client.clientId);
      const file = join(dir, 'gateway.json');
      writeFileSync(
        file,
        JSON.stringify({
          userPoolId: s.userPoolId,
          domain: s.domain,
          issuer: s.issuer,
          clientId: s.clientId,
          clientSecret: { env: 'GW_SECRET' },
        }),
      );
      run = spawnUntil(
        ['gateway', '--config', file, '--dir', join(fixtures, 'docs-site'), '--port', String(port)],
        { GW_SECRET: s.clientSecret, COGNITO_CONNECT_COOKIE_SECRET: 'x'.repeat(40) },
        /Press Ctrl-C/,
      );
      await run.started;
      const first = await fetch(`${site}/guide/`, { redirect: 'manual' });
      expect(first.status).toBe(302);
      const login = await fetch(new URL(first.headers.get('location') as string, site), { redirect: 'manual' });
      expect(login.headers.get('location')).toMatch(new RegExp(`^${emulator.url}/oauth2/authorize\\?`));
      expect(await run.stopped()).toBe(0);
    } finally {
      await run?.stopped();
      await emulator.stop();
    }
  });
});

describe('init, interactively', () => {
  it('asks for each value, re-asks after a bad one, and writes the file', async () => {
    const bin = new URL('../../dist/bin.js', import.meta.url).pathname;
    const file = join(dir, 'interactive.json');
    const child = spawn(process.execPath, [bin, 'init', '--interactive', '--out', file], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Answer each prompt as it appears, as a person at the terminal would. The prompt comes on stdout and the
    // complaint about a bad answer on stderr: two pipes, so either may arrive first, and a step waits for all of
    // its patterns in any order.
    const answers: Array<[RegExp[], string]> = [
      [[/User pool ID/], 'eu-west-1AbC'],
      [[/expected "<region>_<id>"/, /User pool ID/], 'eu-west-1_AbC123xyZ'],
      [[/Region/], ''],
      [[/Cognito domain/], 'https://myapp.auth.eu-west-1.amazoncognito.com/login'],
      [[/drop everything after the host/, /Cognito domain/], 'myapp'],
      [[/App client ID/], '4tg7fhidb5adr5jc1bna4me2i6'],
      [[/Callback URL/], 'https://app.example.com/auth/callback'],
      [[/Sign-out URL/], ''],
      [[/have a secret/], 'y'],
    ];
    let seen = '';
    let next = 0;
    const onData = (d: Buffer) => {
      seen += String(d);
      const [patterns, answer] = answers[next] ?? [];
      if (patterns?.every((pattern) => pattern.test(seen))) {
        next++;
        seen = '';
        child.stdin.write(`${answer}\n`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(next).toBe(answers.length);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      userPoolId: 'eu-west-1_AbC123xyZ',
      domain: 'myapp',
      clientId: '4tg7fhidb5adr5jc1bna4me2i6',
      clientSecret: { env: 'COGNITO_CLIENT_SECRET' },
      redirectUri: 'https://app.example.com/auth/callback',
    });
  });
});

describe('docs/cli.md', () => {
  it("lists every command's flags in its row of the commands table", () => {
    const docs = readFileSync(new URL('../../../../docs/cli.md', import.meta.url), 'utf8');
    const missing: string[] = [];
    for (const command of createProgram().commands) {
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${command.name()}`));
      if (!row) {
        missing.push(command.name());
        continue;
      }
      for (const option of command.options) {
        const flag = option.long as string;
        // --config is the same on every command that reads the settings file (said once above the table);
        // a --x / --no-x pair needs one of its two spellings.
        const spellings = [flag, flag.replace(/^--no-/, '--'), flag.replace(/^--(?!no-)/, '--no-')];
        if (flag !== '--config' && !option.hidden && !spellings.some((spelling) => row.includes(spelling)))
          missing.push(`${command.name()} ${flag}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
