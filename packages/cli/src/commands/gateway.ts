// `cognito-connect gateway`: puts a static folder or an upstream server behind a Cognito login.
import cluster from 'node:cluster';
import { redisReplayGuard, runGatewayWorkers, startGateway } from '@cognito-connect/visitor-auth';
import { readConfigFile, settingsFromConfig } from '../config-file.js';
import type { Output } from '../output.js';
import { untilSignal } from '../signals.js';

/** The options of `cognito-connect gateway` (one of `--dir`, `--upstream`, `--forward-auth`, and the rest). */
export interface GatewayFlags {
  config?: string;
  dir?: string;
  upstream?: string;
  /** Serve only the sign-in routes and the check endpoint for a reverse proxy. */
  forwardAuth?: boolean;
  port: string;
  host: string;
  site?: string;
  cookieSecretEnv: string;
  requiredGroups?: string[];
  sessionTtl?: string;
  /** The longest session in seconds from sign-in (refreshes included). */
  maxSessionAge?: string;
  /** A shared replay store, `redis://…`. */
  replayStore?: string;
  /** Worker processes sharing the port (node:cluster). */
  workers?: string;
}

/**
 * `cognito-connect gateway`: puts a folder or an upstream behind the Cognito login (or serves forward-auth checks),
 * with the session cookie sealed by the secret in `$<cookieSecretEnv>`; runs until Ctrl-C.
 *
 * @example
 * ```ts
 * process.exitCode = await runGateway(
 *   { dir: './site', port: '8080', host: '127.0.0.1', cookieSecretEnv: 'COGNITO_CONNECT_COOKIE_SECRET' },
 *   createOutput(),
 * );
 * ```
 */
export async function runGateway(flags: GatewayFlags, out: Output): Promise<number> {
  if ([flags.dir, flags.upstream, flags.forwardAuth].filter(Boolean).length !== 1) {
    out.error(
      'Give exactly one of --dir <folder> (serve static files), --upstream <url> (proxy to a server) or --forward-auth (checks for nginx, Caddy or Traefik).',
    );
    return 2;
  }
  const cookieSecret = process.env[flags.cookieSecretEnv];
  if (!cookieSecret || cookieSecret.length < 32) {
    out.error(
      `$${flags.cookieSecretEnv} must hold a random string of at least 32 characters (e.g. \`export ${flags.cookieSecretEnv}=$(openssl rand -base64 48)\`).`,
    );
    return 2;
  }
  const workers = Number(flags.workers ?? '1');
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    out.error('--workers expects a whole number from 1 to 256, e.g. the number of cores.');
    return 2;
  }
  if (flags.replayStore && !/^rediss?:\/\//.test(flags.replayStore)) {
    out.error('--replay-store expects a Redis URL such as redis://127.0.0.1:6379.');
    return 2;
  }
  const cognito = settingsFromConfig(await readConfigFile(flags.config));
  const replayGuard = flags.replayStore ? await redisReplayGuard(flags.replayStore) : undefined;
  const gateway = await runGatewayWorkers(workers, () =>
    startGateway({
      cognito,
      cookieSecret,
      port: Number(flags.port),
      host: flags.host,
      ...(flags.dir ? { dir: flags.dir } : flags.upstream ? { upstream: flags.upstream } : { forwardAuth: true }),
      ...(flags.site ? { site: flags.site } : {}),
      ...(flags.requiredGroups?.length ? { requiredGroups: flags.requiredGroups } : {}),
      ...(flags.sessionTtl ? { sessionTtl: Number(flags.sessionTtl) } : {}),
      ...(flags.maxSessionAge ? { maxSessionAge: Number(flags.maxSessionAge) } : {}),
      ...(replayGuard ? { replayGuard } : {}),
    }),
  );
  if (cluster.isWorker) {
    // The primary reports for every worker; a worker only serves until it is stopped.
    await untilSignal();
    await gateway.close();
    await replayGuard?.close();
    return 0;
  }
  if (out.json) out.data({ url: gateway.url, callbackUrl: gateway.callbackUrl });
  else {
    out.line(
      `${out.paint('green', '✓')} gateway on ${gateway.url} → ${flags.dir ?? flags.upstream ?? 'forward-auth checks at /_auth/check'}${workers > 1 ? ` (${workers} workers)` : ''}`,
    );
    out.line(`  register ${gateway.callbackUrl} as a callback URL of app client ${cognito.clientId}`);
    out.line('Press Ctrl-C to stop.');
  }
  await untilSignal();
  await gateway.close();
  await replayGuard?.close();
  return 0;
}
