// Benchmark: a page behind the gateway with a valid session vs the same static server without it, side by side in one run,
// plus the GitBook worker bundle's minified+gzipped size. Prints figures; the bars are >= 80% and <= 64 KB.
// Run: npm run bench -w @cognito-connect/visitor-auth (builds core, the emulator and this package first).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startEmulator } from '@cognito-connect/emulator';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { startGateway } from '../dist/index.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const run = promisify(execFile);
const DOCS = here('../../../test-fixtures/docs-site');
const PAGE = '/guide/getting-started.html';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = 10;
const USER = { username: 'bench', password: 'Bench-passw0rd!' };

/** Signs in over HTTP (as a browser would) and returns the gateway's session cookie. */
async function sessionCookie(site) {
  const jar = new Map();
  const send = async (url, init = {}) => {
    const host = new URL(url).host;
    const cookies = [...(jar.get(host) ?? new Map())].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, ...(cookies ? { cookie: cookies } : {}) },
    });
    for (const header of response.headers.getSetCookie()) {
      const [name, value] = header.split(';')[0].split(/=(.*)/s);
      if (!jar.has(host)) jar.set(host, new Map());
      jar.get(host).set(name, value);
    }
    return response;
  };
  let response = await send(site + PAGE);
  let url = site + PAGE;
  while (response.status === 302) {
    url = new URL(response.headers.get('location'), url).href;
    response = await send(url);
  }
  const pending = /name="pending" value="([^"]+)"/.exec(await response.text())?.[1];
  response = await send(new URL('/login', url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ pending, ...USER }).toString(),
  });
  while (response.status === 302) {
    url = new URL(response.headers.get('location'), url).href;
    response = await send(url);
  }
  if (response.status !== 200) throw new Error(`sign-in for the benchmark failed: ${response.status} at ${url}`);
  return `cc-visitor=${jar.get(new URL(site).host).get('cc-visitor')}`;
}

/** Runs the load generator in a child process; returns requests/s and this (server) process's CPU time per request. */
async function load(url, headers) {
  const cpu = process.cpuUsage();
  const { stdout } = await run(process.execPath, [
    here('./load.mjs'),
    JSON.stringify({ url, headers, seconds: SECONDS, connections: CONNECTIONS }),
  ]);
  const used = process.cpuUsage(cpu);
  const result = JSON.parse(stdout);
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.rps, cpuMicros: (used.user + used.system) / result.total };
}

const emulator = await startEmulator({ seed: here('../../../test-fixtures/emulator/seed.json'), port: 0 });
emulator.admin.addUser({ ...USER, attributes: { email: 'bench@example.com', email_verified: 'true' } });
const probe = serve({ fetch: () => new Response(null), port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => probe.once('listening', resolve));
const port = probe.address().port;
await new Promise((resolve) => probe.close(resolve));
const site = `http://127.0.0.1:${port}`;
const client = emulator.admin.addClient({
  name: 'bench',
  generateSecret: true,
  callbackUrls: [`${site}/_auth/callback`],
  logoutUrls: [`${site}/`],
});
const gateway = await startGateway({
  cognito: emulator.settingsFor(client.clientId),
  site,
  port,
  dir: DOCS,
  cookieSecret: 'benchmark-cookie-secret-0123456789abcdef',
});
const plainApp = new Hono().use('*', serveStatic({ root: DOCS }));
const plain = serve({ fetch: plainApp.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => plain.once('listening', resolve));
const plainUrl = `http://127.0.0.1:${plain.address().port}${PAGE}`;

try {
  const cookie = await sessionCookie(gateway.url);
  // Both servers get the very same request (the visitor's browser sends its cookie either way): the only difference is the gateway.
  const headers = { cookie };
  await load(plainUrl, headers); // warm both up before measuring
  await load(gateway.url + PAGE, headers);
  const plainRps = [];
  const gatewayRps = [];
  // Interleaved rounds, so load from anything else on the machine hits both sides alike.
  for (let round = 0; round < ROUNDS; round++) {
    plainRps.push(await load(plainUrl, headers));
    gatewayRps.push(await load(gateway.url + PAGE, headers));
  }
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  const ratio = mean(gatewayRps.map((g) => g.rps)) / mean(plainRps.map((p) => p.rps));
  const show = (rounds) =>
    `${mean(rounds.map((r) => r.rps)).toFixed(0)} req/s (rounds: ${rounds.map((r) => r.rps.toFixed(0)).join(', ')}); server CPU ${mean(rounds.map((r) => r.cpuMicros)).toFixed(0)} µs/request`;
  const bundle = readFileSync(here('../dist/gitbook/index.js'));
  const gzipKb = gzipSync(bundle).length / 1024;
  console.log(`static server, no gateway : ${show(plainRps)}`);
  console.log(`behind the gateway        : ${show(gatewayRps)}`);
  console.log(
    `gateway / plain           : ${(ratio * 100).toFixed(1)}% (bar: >= 80%) ${ratio >= 0.8 ? 'ok' : 'BELOW BAR'}`,
  );
  console.log(
    `GitBook bundle            : ${(bundle.length / 1024).toFixed(1)} KB minified, ${gzipKb.toFixed(1)} KB gzipped (bar: <= 64 KB) ${gzipKb <= 64 ? 'ok' : 'ABOVE BAR'}`,
  );
  if (ratio < 0.8 || gzipKb > 64) process.exitCode = 1;
} finally {
  await gateway.close();
  await new Promise((resolve) => plain.close(resolve));
  await emulator.stop();
}
