// `cognito-connect playground` (what `npm start` runs): the emulator, the Strapi example app and a protected docs site, on one machine.
import { CliError } from '../errors.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCognito, DEFAULT_SCOPES, USER_POOL_PROVIDER } from '@cognito-connect/core';
import { type Emulator, startEmulator, startStandInIdp } from '@cognito-connect/emulator';
import { generateConfig } from '@cognito-connect/oauth-config';
import { startGateway } from '@cognito-connect/visitor-auth';
import { type Output, table } from '../output.js';
import { type AmplifyDemoSummary, addAmplifyClient, amplifyDemoLines, runAmplifyDemo } from './amplify-demo.js';
import { untilSignal } from '../signals.js';

/** The options of `cognito-connect playground`, as commander parsed them (ports as text). */
export interface PlaygroundFlags {
  port: string;
  gatewayPort?: string;
  strapiPort?: string;
  strapi: boolean;
  seed?: string;
  strapiDir?: string;
  docsDir?: string;
  /** Stop once everything is up (tests, CI smoke runs) instead of waiting for Ctrl-C. */
  exitWhenReady?: boolean;
}

/** Who the Amplify demo signs in as: the first demo login. */
const DEMO_USER = { username: 'alice', password: 'Alice-password-1' };

const DEMO_USERS = [
  { login: 'alice / Alice-password-1', what: 'in group admins, verified email' },
  { login: 'bob / Bob-password-1', what: 'no groups, verified email' },
  { login: 'carol / Carol-password-1', what: 'unverified email (account linking refused)' },
  { login: '"Sign in with DemoIdP"', what: 'federated through a local OIDC IdP (user dana)' },
];

/** What runs where once the playground is up: printed as a table, or as JSON with `--json`. */
export interface PlaygroundSummary {
  emulator: { domain: string; issuer: string; discovery: string };
  docs: string;
  strapi: string | undefined;
  /** With Strapi: an Amplify app's SRP sign-in calling the Strapi API with its access token (demo/amplify-bearer.mjs). */
  amplify: AmplifyDemoSummary | undefined;
  users: typeof DEMO_USERS;
  configs: { gitlab: string | undefined; appsmith: string | undefined };
}

/** A running playground: its summary, and `stop()` to tear everything down. */
export interface Playground {
  summary: PlaygroundSummary;
  stop(): Promise<void>;
}

/** What {@link startPlayground} runs: the emulator seed, the site to protect, Strapi (optional) and the ports. */
export interface PlaygroundOptions {
  seed: string;
  docsDir: string;
  /** Omit to run without Strapi. */
  strapiDir?: string;
  ports: { emulator: number; gateway: number; strapi: number };
  out: Output;
}

/**
 * Starts everything and returns what runs where; stop() tears it all down in reverse order.
 *
 * @example
 * ```ts
 * const playground = await startPlayground({ seed: DEMO.seed, docsDir: DEMO.docsDir, ports, out: createOutput() });
 * console.log(summaryLines(playground.summary).join('\n'));
 * await playground.stop();
 * ```
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    const emulator = await startEmulator({ seed: options.seed, port: options.ports.emulator });
    stops.push(() => emulator.stop());
    const idp = await startStandInIdp({
      users: [{ sub: 'dana-0001', email: 'dana@example.com', email_verified: true, name: 'Dana Federated' }],
    });
    stops.push(() => idp.stop());
    await emulator.admin.addIdentityProvider({
      name: 'DemoIdP',
      type: 'OIDC',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      attributeMapping: { email: 'email', name: 'name' },
    });

    const site = `http://127.0.0.1:${options.ports.gateway}`;
    const docsClient = emulator.admin.addClient({
      name: 'playground-docs',
      generateSecret: true,
      callbackUrls: [`${site}/_auth/callback`],
      logoutUrls: [`${site}/`],
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: [...DEFAULT_SCOPES],
      supportedIdentityProviders: [USER_POOL_PROVIDER, 'DemoIdP'],
    });
    const settings = defineCognito(emulator.settingsFor(docsClient.clientId));
    const gateway = await startGateway({
      cognito: settings,
      cookieSecret: randomBytes(32).toString('base64url'),
      dir: options.docsDir,
      port: options.ports.gateway,
    });
    stops.push(() => gateway.close());

    let strapiUrl: string | undefined;
    let amplify: AmplifyDemoSummary | undefined;
    if (options.strapiDir) {
      const amplifyClientId = addAmplifyClient(emulator);
      const strapi = await startStrapi(emulator, options.strapiDir, options.ports.strapi, options.out, [
        amplifyClientId,
      ]);
      stops.push(async () => {
        await stopChild(strapi.child);
        await rm(strapi.database, { force: true });
      });
      strapiUrl = strapi.url;
      amplify = await runAmplifyDemo({
        script: DEMO.amplifyScript,
        emulator,
        clientId: amplifyClientId,
        strapiUrl,
        user: DEMO_USER,
      });
    }

    const gitlab = generateConfig('gitlab', settings, {
      gitlabUrl: 'https://gitlab.example.com',
      secrets: 'placeholder',
    });
    const appsmith = generateConfig('appsmith', settings, {
      appsmithUrl: 'https://appsmith.example.com',
      secrets: 'placeholder',
    });
    return {
      summary: {
        emulator: { domain: emulator.url, issuer: emulator.issuer, discovery: emulator.discoveryUrl },
        docs: gateway.url,
        strapi: strapiUrl,
        amplify,
        users: DEMO_USERS,
        configs: { gitlab: gitlab.files[0]?.contents, appsmith: appsmith.files[0]?.contents },
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The demo the package ships (`demo/`): an emulator seed with the demo logins and a small static site. */
export const DEMO = (() => {
  // dist/index.js (published) and src/commands/playground.ts (tests) sit at different depths below the package root.
  const root = ['../', '../../']
    .map((up) => new URL(up, import.meta.url))
    .find((url) => existsSync(new URL('demo', url)));
  const at = (path: string) => fileURLToPath(new URL(`demo/${path}`, root ?? new URL('../', import.meta.url)));
  return { seed: at('seed.json'), docsDir: at('docs-site'), amplifyScript: at('amplify-bearer.mjs') };
})();

/**
 * True if `dir` holds a Strapi app: a package.json that depends on @strapi/strapi.
 *
 * @example
 * ```ts
 * if (isStrapiApp(process.cwd())) console.log('Strapi will start too');
 * ```
 */
export function isStrapiApp(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    return Boolean(manifest.dependencies?.['@strapi/strapi']);
  } catch {
    return false;
  }
}

/**
 * What the playground runs, from its flags and the folder it runs in: the packaged demo unless told otherwise, and
 * Strapi only for `--strapi-dir` or a Strapi app in `cwd` (never with `--no-strapi`). A problem is a message naming the flag.
 *
 * @example
 * ```ts
 * const plan = playgroundPlan({ port: '9400', strapi: true }, process.cwd());
 * if ('problem' in plan) console.error(plan.problem);
 * ```
 */
export function playgroundPlan(
  flags: Pick<PlaygroundFlags, 'strapi' | 'seed' | 'strapiDir' | 'docsDir'>,
  cwd: string,
): { seed: string; docsDir: string; strapiDir?: string } | { problem: string } {
  const seed = flags.seed ? resolve(cwd, flags.seed) : DEMO.seed;
  if (!existsSync(seed)) return { problem: `--seed: no emulator seed at ${seed}.` };
  const docsDir = flags.docsDir ? resolve(cwd, flags.docsDir) : DEMO.docsDir;
  if (!existsSync(docsDir)) return { problem: `--docs-dir: no folder at ${docsDir}.` };
  if (!flags.strapi) return { seed, docsDir };
  if (flags.strapiDir) {
    const strapiDir = resolve(cwd, flags.strapiDir);
    if (!isStrapiApp(strapiDir)) {
      return {
        problem: `--strapi-dir: ${strapiDir} is not a Strapi app (no package.json depending on @strapi/strapi).`,
      };
    }
    return { seed, docsDir, strapiDir };
  }
  return isStrapiApp(cwd) ? { seed, docsDir, strapiDir: cwd } : { seed, docsDir };
}

/**
 * `cognito-connect playground`: plans what to run from the flags, starts it, prints the summary and runs until Ctrl-C
 * (or, with `--exit-when-ready`, stops at once). Resolves to the process exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runPlayground({ port: '9400', gatewayPort: '8080', strapiPort: '1337', strapi: false }, createOutput());
 * ```
 */
export async function runPlayground(flags: PlaygroundFlags, out: Output): Promise<number> {
  const plan = playgroundPlan(flags, process.cwd());
  if ('problem' in plan) {
    out.error(plan.problem);
    return 2;
  }
  const playground = await startPlayground({
    ...plan,
    ports: {
      emulator: Number(flags.port),
      gateway: Number(flags.gatewayPort ?? 8080),
      strapi: Number(flags.strapiPort ?? 1337),
    },
    out,
  });
  try {
    if (out.json) out.data(playground.summary);
    else printSummary(out, playground.summary);
    if (!flags.exitWhenReady) {
      // With --json, stdout holds the summary document alone: the prompts are for people reading a terminal.
      if (!out.json) out.line('Press Ctrl-C to stop everything.');
      await untilSignal();
      if (!out.json) out.line('stopping...');
    }
    return 0;
  } finally {
    await playground.stop();
  }
}

/**
 * The summary as plain lines (the terminal table, and the page the browser test screenshots).
 *
 * @example
 * ```ts
 * for (const line of summaryLines(playground.summary)) console.log(line);
 * ```
 */
export function summaryLines(s: PlaygroundSummary): string[] {
  return [
    'cognito-connect playground — no AWS account needed',
    table([
      ['what', 'where'],
      ['Cognito emulator (hosted UI, OAuth2, JWKS)', s.emulator.domain],
      ['  issuer', s.emulator.issuer],
      ['Docs site behind Cognito (gateway)', `${s.docs}/`],
      ...(s.strapi ? [['Strapi 5 with @cognito-connect/strapi-plugin', `${s.strapi}/api/cognito-connect/login`]] : []),
    ]),
    ...(s.amplify ? ['', ...amplifyDemoLines(s.amplify)] : []),
    '',
    'Demo logins',
    table(s.users.map((u) => [`  ${u.login}`, u.what])),
    '',
    'GitLab (gitlab.rb) for this pool',
    s.configs.gitlab?.trimEnd() ?? '',
    '',
    'Appsmith (environment) for this pool',
    s.configs.appsmith?.trimEnd() ?? '',
  ];
}

function printSummary(out: Output, s: PlaygroundSummary) {
  const [title, ...rest] = summaryLines(s);
  out.line();
  out.line(out.paint('bold', title as string));
  for (const line of rest) out.line(line);
  out.line();
}

/**
 * Boots the Strapi fixture app as a child process against the emulator, with a progress line while it starts.
 * `bearerClientIds` join the plugin's `bearer.clientIds` through `COGNITO_CONNECT_OPTIONS` (the fixture's config reads
 * it; an app of your own must list the Amplify client there itself).
 */
async function startStrapi(
  emulator: Emulator,
  dir: string,
  port: number,
  out: Output,
  bearerClientIds: string[],
): Promise<{ url: string; child: ChildProcess; database: string }> {
  const url = `http://127.0.0.1:${port}`;
  const client = emulator.admin.addClient({
    name: 'playground-strapi',
    generateSecret: true,
    callbackUrls: [`${url}/api/cognito-connect/callback`, `${url}/api/connect/cognito/callback`],
    logoutUrls: [`${url}/`, `${url}/signed-out.html`],
    allowedOAuthFlows: ['code'],
    allowedOAuthScopes: [...DEFAULT_SCOPES],
    supportedIdentityProviders: [USER_POOL_PROVIDER, 'DemoIdP'],
  });
  const settings = emulator.settingsFor(client.clientId);
  const database = join(dir, '.tmp', `playground-${process.pid}-${port}.db`);
  const secret = () => randomBytes(24).toString('base64');
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    NODE_ENV: 'development',
    APP_KEYS: [secret(), secret()].join(','),
    ADMIN_JWT_SECRET: secret(),
    API_TOKEN_SALT: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    COGNITO_USER_POOL_ID: settings.userPoolId,
    COGNITO_DOMAIN: settings.domain,
    COGNITO_ISSUER: settings.issuer,
    COGNITO_CLIENT_ID: settings.clientId,
    COGNITO_CLIENT_SECRET: settings.clientSecret ?? '',
    COGNITO_TRANSACTION_SECRET: randomBytes(32).toString('base64url'),
    PUBLIC_URL: url,
    COGNITO_CONNECT_OPTIONS: JSON.stringify(withBearerClients(process.env.COGNITO_CONNECT_OPTIONS, bearerClientIds)),
    // A fresh database per run: the emulator's users are new each start too.
    DATABASE_FILENAME: database,
  };
  const child = spawn(process.execPath, [strapiBin(dir), 'start'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log = (log + d).slice(-4000)));
  child.stderr?.on('data', (d) => (log = (log + d).slice(-4000)));
  const started = Date.now();
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  for (let i = 0; ; i++) {
    if (child.exitCode !== null)
      throw new CliError('CLI_SERVICE_FAILED', `Strapi exited while starting (code ${child.exitCode}):\n${log}`);
    if (Date.now() - started > 180_000) {
      await stopChild(child);
      throw new CliError('CLI_SERVICE_FAILED', `Strapi did not answer within 180 s:\n${log}`);
    }
    const healthy = await fetch(`${url}/_health`).then(
      (r) => r.status === 204,
      () => false,
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    if (healthy) {
      if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
      if (!out.json) out.line(`${out.paint('green', '✓')} Strapi ready in ${seconds} s`);
      return { url, child, database };
    }
    if (process.stdout.isTTY && !out.json)
      process.stdout.write(`\r${frames[i % frames.length]} starting Strapi 5 (${seconds} s)...`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The plugin options from `COGNITO_CONNECT_OPTIONS` (if any), with `clientIds` added to `bearer.clientIds`. */
function withBearerClients(json: string | undefined, clientIds: string[]): Record<string, unknown> {
  let options: { bearer?: { clientIds?: string[] } } & Record<string, unknown> = {};
  try {
    options = json ? JSON.parse(json) : {};
  } catch {
    throw new CliError('CLI_USAGE', 'COGNITO_CONNECT_OPTIONS is set but is not JSON; fix or unset it.');
  }
  const bearer = options.bearer ?? {};
  return { ...options, bearer: { ...bearer, clientIds: [...(bearer.clientIds ?? []), ...clientIds] } };
}

/** The app's own Strapi CLI, wherever npm put it (workspaces hoist it to the repository root). */
function strapiBin(appDir: string): string {
  const require = createRequire(join(appDir, 'package.json'));
  const manifestPath = require.resolve('@strapi/strapi/package.json');
  const manifest = require(manifestPath) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : (manifest.bin.strapi as string);
  return join(dirname(manifestPath), bin);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
