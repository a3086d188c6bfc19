// Several gateway processes on one port (node:cluster): the gateway keeps no server-side state, so any worker serves any request.
import cluster from 'node:cluster';
import type { RunningGateway } from './gateway.js';

/** What the primary learns from each worker once it listens. */
interface Ready {
  type: 'cognito-connect:gateway-ready';
  url: string;
  port: number;
  callbackUrl: string;
}

const READY = 'cognito-connect:gateway-ready';

/**
 * Runs `start` in `count` worker processes that share one listening port. Call it the same way in every process
 * (node:cluster re-runs your script in each worker): in the primary it forks the workers, restarts any that dies,
 * and resolves once all listen; in a worker it calls `start` and reports back. `count` ≤ 1 just calls `start`.
 * Either way `close()` stops what this process started (in the primary: every worker).
 *
 * @example
 * ```ts
 * import { availableParallelism } from 'node:os';
 * import { runGatewayWorkers, startGateway } from '@cognito-connect/visitor-auth';
 *
 * const gateway = await runGatewayWorkers(availableParallelism(), () =>
 *   startGateway({ cognito, site: 'https://docs.example.com', dir: './site', port: 8080, cookieSecret }),
 * );
 * process.once('SIGTERM', () => void gateway.close());
 * ```
 */
export async function runGatewayWorkers(count: number, start: () => Promise<RunningGateway>): Promise<RunningGateway> {
  if (count <= 1 || cluster.isWorker) {
    const gateway = await start();
    if (cluster.isWorker) {
      const ready: Ready = { type: READY, url: gateway.url, port: gateway.port, callbackUrl: gateway.callbackUrl };
      process.send?.(ready);
      // The primary going away (or stopping us) closes this worker cleanly.
      process.once('disconnect', () => void gateway.close().finally(() => process.exit(0)));
    }
    return gateway;
  }
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork();
    worker.once('exit', () => {
      if (!stopping) fork();
    });
    return worker;
  };
  const workers = Array.from({ length: count }, fork);
  const ready = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<Ready>((resolve, reject) => {
          worker.on('message', (message: Ready) => {
            if (message?.type === READY) resolve(message);
          });
          worker.once('exit', (code) => reject(new Error(`a gateway worker exited with code ${code} while starting`)));
        }),
    ),
  ).catch(async (error: unknown) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    throw error;
  });
  const first = ready[0] as Ready;
  return {
    url: first.url,
    port: first.port,
    callbackUrl: first.callbackUrl,
    async close() {
      stopping = true;
      await Promise.all(
        Object.values(cluster.workers ?? {}).map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (!worker || worker.isDead()) return resolve();
              worker.once('exit', () => resolve());
              worker.disconnect();
              // A worker that does not leave within 5 s is ended.
              setTimeout(() => worker.kill('SIGKILL'), 5_000).unref();
            }),
        ),
      );
    },
  };
}
