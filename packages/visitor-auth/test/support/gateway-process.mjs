// A gateway in a process of its own (with `workers` > 1, node:cluster workers through runGatewayWorkers), for the
// multi-process suites. Options come as JSON in CC_GATEWAY_OPTIONS; every answer names its process (X-Served-By: pid)
// so a test can tell which one served it. Prints one JSON line when all listen; SIGTERM stops it.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { createGateway, redisReplayGuard, runGatewayWorkers } from '@cognito-connect/visitor-auth';

const { workers = 1, replayStore, port, ...options } = JSON.parse(process.env.CC_GATEWAY_OPTIONS ?? '{}');

let replayGuard;
const running = await runGatewayWorkers(workers, async () => {
  replayGuard = replayStore ? await redisReplayGuard(replayStore) : undefined;
  const gateway = createGateway({ ...options, ...(replayGuard ? { replayGuard } : {}) });
  const server = createServer((req, res) => {
    res.setHeader('x-served-by', String(process.pid));
    gateway.listener(req, res);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: gateway.site,
    port,
    callbackUrl: new URL(gateway.auth.paths.callback, gateway.site).href,
    close: () =>
      new Promise((resolve) => {
        gateway.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
});

if (cluster.isPrimary) {
  process.stdout.write(`${JSON.stringify({ ready: running.url, pid: process.pid })}\n`);
  process.once('SIGTERM', () => {
    void running.close().then(async () => {
      await replayGuard?.close();
      process.exit(0);
    });
  });
} else {
  process.once('disconnect', () => void replayGuard?.close());
}
