// The playground's API half: runs demo/amplify-bearer.mjs (Amplify SRP sign-in, then Strapi with a Bearer token) beside the CLI.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Emulator } from '@cognito-connect/emulator';

/** What the demo script printed: who signed in how, and Strapi's answer to the Bearer call. */
export interface AmplifyDemoResult {
  signedIn: { username: string; authFlow: string; clientId: string };
  request: string;
  status: number;
  body: unknown;
}

/** The demo in the playground's summary: how to run it again, and what it did (or why it could not run). */
export interface AmplifyDemoSummary {
  /** The script, readable as an example of the app side. */
  script: string;
  /** The shell command that runs it again against this playground. */
  command: string;
  /** The public, SRP-only app client the script signs in with (Strapi's `bearer.clientIds` lists it). */
  clientId: string;
  result?: AmplifyDemoResult;
  /** Why there is no result, e.g. aws-amplify is not installed beside the CLI. */
  problem?: string;
}

/** How long the script may take (importing Amplify, SRP, one Strapi call) before the playground gives up on it. */
const TIMEOUT_MS = 60_000;

/**
 * Adds the app client an Amplify app signs in with: public (Amplify sends no secret) and, so the demo proves SRP,
 * limited to `USER_SRP_AUTH` and refresh; no hosted UI.
 *
 * @example
 * ```ts
 * const clientId = addAmplifyClient(emulator);
 * ```
 */
export function addAmplifyClient(emulator: Emulator): string {
  return emulator.admin.addClient({
    name: 'playground-amplify-app',
    allowedOAuthFlows: [],
    explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }).clientId;
}

const shellQuote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/**
 * Runs the demo script once as `user` and reports what Strapi answered. Needs `aws-amplify` v6 where the script can
 * import it (the repository's dependencies, or `npm i aws-amplify@6` beside the CLI); without it the summary says so.
 *
 * @example
 * ```ts
 * const demo = await runAmplifyDemo({ script, emulator, clientId, strapiUrl, user: { username: 'alice', password } });
 * if (demo.result) console.log(demo.result.status);
 * ```
 */
export async function runAmplifyDemo(options: {
  script: string;
  emulator: Emulator;
  clientId: string;
  strapiUrl: string;
  user: { username: string; password: string };
}): Promise<AmplifyDemoSummary> {
  const env = {
    COGNITO_USER_POOL_ID: options.emulator.userPoolId,
    COGNITO_CLIENT_ID: options.clientId,
    COGNITO_USER_POOL_ENDPOINT: options.emulator.url,
    STRAPI_URL: options.strapiUrl,
    DEMO_USERNAME: options.user.username,
    DEMO_PASSWORD: options.user.password,
  };
  const command = [
    ...Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`),
    'node',
    shellQuote(options.script),
  ].join(' ');
  const summary = { script: options.script, command, clientId: options.clientId };
  try {
    createRequire(options.script).resolve('aws-amplify');
  } catch {
    return { ...summary, problem: 'aws-amplify is not installed beside the CLI: npm i aws-amplify@6, then run it.' };
  }
  const run = await runNode(options.script, env);
  if (run.code !== 0) return { ...summary, problem: `the script failed (exit ${run.code}): ${run.stderr.trim()}` };
  try {
    return { ...summary, result: JSON.parse(run.stdout) as AmplifyDemoResult };
  } catch {
    return { ...summary, problem: 'the script did not print its JSON result.' };
  }
}

function runNode(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr = (stderr + String(d)).slice(-2000)));
    const timer = setTimeout(() => {
      stderr += `\nno answer within ${TIMEOUT_MS / 1000} s`;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** The summary's lines for the demo. */
export function amplifyDemoLines(demo: AmplifyDemoSummary): string[] {
  const { result } = demo;
  let outcome: string;
  if (!result) outcome = `  not run: ${demo.problem ?? 'unknown reason'}`;
  else {
    const user = result.body as { email?: unknown } | null;
    const who = typeof user?.email === 'string' ? ` (Strapi user ${user.email})` : '';
    outcome = `  ${result.signedIn.username} signed in by SRP with aws-amplify, ${result.request} with the access token → ${result.status}${who}`;
  }
  return ['Amplify app → Strapi API (Bearer access token)', outcome, `  run it yourself: ${demo.command}`];
}
