// Child process for gateway.bench.mjs: runs one contender (the gateway, or a raw in-memory Node server) so its CPU and memory are its own.
// argv[2] is JSON: { kind: 'gateway', options, workers } or { kind: 'raw', file, port }. Prints one JSON line once listening.
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { runGatewayWorkers, startGateway } from '../dist/index.js';

const config = JSON.parse(process.argv[2]);

if (config.kind === 'raw') {
  // The floor: the same bytes from memory with a bare node:http server (any path).
  const body = readFileSync(config.file);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  server.listen(config.port, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
} else {
  const gateway = await runGatewayWorkers(config.workers ?? 1, () => startGateway(config.options));
  if (cluster.isPrimary) console.log(JSON.stringify({ port: gateway.port, url: gateway.url }));
  // The soak's leak check (started with --expose-gc): on SIGUSR2, a full collection, then the live JS heap and the
  // memory outside it. RSS alone cannot tell a leak from V8 keeping the pages it grew into under load.
  if (globalThis.gc)
    process.on('SIGUSR2', () => {
      globalThis.gc();
      const { heapUsed, external } = process.memoryUsage();
      console.log(JSON.stringify({ heapUsed, external }));
    });
  process.once('SIGTERM', () => void gateway.close().then(() => process.exit(0)));
}
