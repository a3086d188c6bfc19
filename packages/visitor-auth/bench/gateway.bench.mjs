// Benchmark: the gateway against Apache 2.4 + mod_auth_openidc on the same ~8 KB page, same emulator pool, one run, wrk as the
// load generator; then upstream mode against Apache mod_proxy + mod_auth_openidc, a soak (errors and RSS every 5 s), and the
// GitBook worker bundle's size. Bars: gateway protected >= 1.5x Apache protected (one process); 0 soak errors; bundle <= 64 KB.
// Run: npm run bench -w @cognito-connect/visitor-auth (builds core, the emulator and this package first).
// Env: BENCH_SECONDS (10) per contender, BENCH_SOAK_SECONDS (60), BENCH_WORKERS (2). With CI set, missing wrk/Apache fail it.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startEmulator } from '@cognito-connect/emulator';
import { apacheAvailable, startApache } from './apache.mjs';
import { probe, signIn } from './login.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const WRK = process.env.WRK_BIN ?? '/usr/bin/wrk';
const USER = { username: 'bench', password: 'Bench-passw0rd!' };
const COOKIE_SECRET = 'benchmark-cookie-secret-0123456789abcdef';

function required(ok, what, install) {
  if (ok) return true;
  if (process.env.CI)
    throw new Error(`${what} is required for the gateway benchmark under CI: apt-get install -y ${install}`);
  console.log(`[skipped] ${what} is not installed (apt-get install -y ${install})`);
  return false;
}

if (!required(existsSync(WRK), 'wrk', 'wrk')) process.exit(1);
const withApache = required(apacheAvailable(), 'Apache + mod_auth_openidc', 'apache2 libapache2-mod-auth-openidc');

/** The page every contender serves: ~8 KB of ordinary docs HTML. */
function page() {
  const para = (i) =>
    `<p id="p${i}">Section ${i} explains how the gateway signs visitors in with Cognito, keeps a sealed session cookie and serves the page from memory.</p>`;
  let body = '';
  for (let i = 0; body.length < 7_800; i++) body += `${para(i)}\n`;
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Bench page</title></head><body><main><h1>Bench page</h1>\n${body}</main></body></html>\n`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a contender in its own process (bench/servers.mjs) and waits for its "listening" line. */
function startChild(config, nodeOptions = []) {
  const child = spawn(process.execPath, [...nodeOptions, here('./servers.mjs'), JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // Its own session, so its own scheduler autogroup: Apache (which calls setsid) gets one too, and fairness is even.
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Every JSON line the child prints after its first: the answers to heapAfterGc.
  const answers = [];
  let answered = () => {};
  return new Promise((resolve, reject) => {
    let out = '';
    let listening = false;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const lines = out.split('\n');
      out = lines.pop();
      for (const line of lines.filter((l) => l.startsWith('{'))) {
        if (listening) {
          answers.push(JSON.parse(line));
          answered();
          continue;
        }
        listening = true;
        resolve({ ...JSON.parse(line), pid: child.pid, stop, heapAfterGc });
      }
    });
    /** The child's live JS heap and external memory in MB after a full collection (a child started with --expose-gc). */
    function heapAfterGc() {
      const answer = new Promise((done) => {
        answered = () => done(answers.shift());
      });
      child.kill('SIGUSR2');
      return answer.then(({ heapUsed, external }) => ({ heapUsed: heapUsed / 2 ** 20, external: external / 2 ** 20 }));
    }
    async function stop() {
      child.kill('SIGTERM');
      await exited;
    }
    child.once('exit', (code) => reject(new Error(`${config.kind} server exited with ${code} before listening`)));
  });
}

const MS = { us: 0.001, ms: 1, s: 1000 };
/** Runs wrk; returns requests/s, p50/p99 in ms, and errors (socket errors + non-2xx/3xx, + non-200 with the counting script). */
async function wrk(url, cookie, seconds, script) {
  const args = [
    '-t2',
    '-c32',
    `-d${seconds}s`,
    '--timeout',
    '10s',
    '--latency',
    ...(cookie ? ['-H', `Cookie: ${cookie}`] : []),
  ];
  if (script) args.push('-s', script);
  const { stdout } = await run(WRK, [...args, url], { maxBuffer: 1 << 20 });
  const number = (re) => Number(re.exec(stdout)?.[1] ?? 0);
  const latency = (pct) => {
    const m = new RegExp(`^\\s+${pct}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(stdout);
    return m ? Number(m[1]) * MS[m[2]] : Number.NaN;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  // Timeouts (no answer within 10 s) count as errors too: on a starved machine they are what fails first.
  const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  return {
    rps: number(/Requests\/sec:\s+([\d.]+)/),
    p50: latency(50),
    p99: latency(99),
    errors: socketErrors + number(/Non-2xx or 3xx responses: (\d+)/) + number(/^NON200 (\d+)$/m),
  };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

const tmp = mkdtempSync(join(tmpdir(), 'cc-gateway-bench-'));
chmodSync(tmp, 0o755);
const docroot = join(tmp, 'site');
const html = page();
for (const sub of ['open', 'protected', 'app']) {
  mkdirSync(join(docroot, sub), { recursive: true });
  writeFileSync(join(docroot, sub, 'page.html'), html);
}
writeFileSync(join(docroot, 'page.html'), html);
chmodSync(docroot, 0o755);
// Counts every answer that is not a 200 (wrk itself counts redirects as successes).
const counting = join(tmp, 'count.lua');
writeFileSync(
  counting,
  `local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0 end
function response(status, headers, body) if status ~= 200 then non200 = non200 + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("non200") end
  io.write(string.format("NON200 %d\\n", total))
end
`,
);

const emulator = await startEmulator({ seed: here('../../../test-fixtures/emulator/seed.json'), port: 0 });
emulator.admin.addUser({ ...USER, attributes: { email: 'bench@example.com', email_verified: 'true' } });
const [gatewayPort, workersPort, upstreamModePort, apachePort] = await Promise.all([
  freePort(),
  freePort(),
  freePort(),
  freePort(),
]);
const sites = [gatewayPort, workersPort, upstreamModePort].map((port) => `http://127.0.0.1:${port}`);
const gatewayClient = emulator.admin.addClient({
  name: 'bench gateway',
  generateSecret: true,
  callbackUrls: sites.map((site) => `${site}/_auth/callback`),
  logoutUrls: sites.map((site) => `${site}/`),
});
const apacheClient = emulator.admin.addClient({
  name: 'bench apache',
  generateSecret: true,
  callbackUrls: [`http://127.0.0.1:${apachePort}/protected/redirect_uri`],
  logoutUrls: [`http://127.0.0.1:${apachePort}/`],
});
const cognito = emulator.settingsFor(gatewayClient.clientId);
const gatewayOptions = (site, port, source) => ({ cognito, site, port, cookieSecret: COOKIE_SECRET, ...source });

const stops = [];
const contenders = [];
try {
  const raw = await startChild({ kind: 'raw', file: join(docroot, 'page.html'), port: 0 });
  stops.push(raw.stop);
  const upstream = `http://127.0.0.1:${raw.port}`;
  // --expose-gc: the soak asks it for its live heap after a full collection (see heapAfterGc).
  const gateway = await startChild(
    { kind: 'gateway', options: gatewayOptions(sites[0], gatewayPort, { dir: docroot }) },
    ['--expose-gc'],
  );
  stops.push(gateway.stop);
  const workers = await startChild({
    kind: 'gateway',
    workers: WORKERS,
    options: gatewayOptions(sites[1], workersPort, { dir: docroot }),
  });
  stops.push(workers.stop);
  const upstreamMode = await startChild({
    kind: 'gateway',
    options: gatewayOptions(sites[2], upstreamModePort, { upstream }),
  });
  stops.push(upstreamMode.stop);
  let apache;
  if (withApache) {
    const settings = emulator.settingsFor(apacheClient.clientId);
    apache = await startApache({
      dir: tmp,
      docroot,
      port: apachePort,
      issuer: settings.issuer,
      clientId: apacheClient.clientId,
      clientSecret: apacheClient.clientSecret,
      upstream,
    });
    stops.push(apache.stop);
  }

  const gatewayCookie = await signIn(`${sites[0]}/protected/page.html`, USER);
  const workersCookie = await signIn(`${sites[1]}/protected/page.html`, USER);
  const upstreamCookie = await signIn(`${sites[2]}/app/page.html`, USER);
  const apacheCookie = apache ? await signIn(`${apache.url}/protected/page.html`, USER) : undefined;

  if (apache) contenders.push(['Apache open', `${apache.url}/open/page.html`, undefined]);
  if (apache)
    contenders.push(['Apache + mod_auth_openidc protected', `${apache.url}/protected/page.html`, apacheCookie]);
  contenders.push(['gateway protected (1 process)', `${sites[0]}/protected/page.html`, gatewayCookie]);
  contenders.push([`gateway protected (--workers ${WORKERS})`, `${sites[1]}/protected/page.html`, workersCookie]);
  contenders.push(['raw Node in-memory server', `${upstream}/page.html`, undefined]);
  if (apache)
    contenders.push(['upstream: Apache mod_proxy + mod_auth_openidc', `${apache.url}/app/page.html`, apacheCookie]);
  contenders.push(['upstream: gateway --upstream', `${sites[2]}/app/page.html`, upstreamCookie]);

  for (const [name, url, cookie] of contenders) {
    const answer = await probe(url, cookie);
    if (answer.status !== 200 || answer.length < html.length - 100)
      throw new Error(`${name} does not serve the page (${answer.status}, ${answer.length} bytes) at ${url}`);
  }

  console.log(
    `wrk -t2 -c32 -d${SECONDS}s, ${html.length}-byte page, after a 2 s warm-up each (machine: ${process.env.BENCH_NOTE ?? 'shared'})`,
  );
  const results = new Map();
  for (const [name, url, cookie] of contenders) {
    await wrk(url, cookie, 2);
    const result = await wrk(url, cookie, SECONDS);
    results.set(name, result);
    console.log(
      `${name.padEnd(48)} ${result.rps.toFixed(0).padStart(7)} req/s   p50 ${result.p50.toFixed(2).padStart(6)} ms   p99 ${result.p99.toFixed(2).padStart(7)} ms   errors ${result.errors}`,
    );
  }
  const gatewayRps = results.get('gateway protected (1 process)').rps;
  const apacheRps = results.get('Apache + mod_auth_openidc protected')?.rps;
  if (apacheRps) {
    const ratio = gatewayRps / apacheRps;
    console.log(`gateway / Apache protected: ${ratio.toFixed(2)}x (bar: >= 1.5x) ${ratio >= 1.5 ? 'ok' : 'BELOW BAR'}`);
    if (ratio < 1.5) process.exitCode = 1;
    const up =
      results.get('upstream: gateway --upstream').rps /
      results.get('upstream: Apache mod_proxy + mod_auth_openidc').rps;
    console.log(`upstream mode, gateway / Apache: ${up.toFixed(2)}x`);
  }
  const scaled = results.get(`gateway protected (--workers ${WORKERS})`).rps / gatewayRps;
  console.log(`--workers ${WORKERS} / 1 process: ${scaled.toFixed(2)}x (load generator on the same cores)`);

  if (SOAK_SECONDS > 0) {
    console.log(`soak: ${SOAK_SECONDS} s at full load on the gateway (1 process), every 5 s:`);
    let errors = 0;
    const rss = [];
    const heap = [];
    for (let t = 5; t <= SOAK_SECONDS; t += 5) {
      const chunk = await wrk(`${sites[0]}/protected/page.html`, gatewayCookie, 5, counting);
      errors += chunk.errors;
      rss.push(rssMb(gateway.pid));
      heap.push(await gateway.heapAfterGc());
      const { heapUsed, external } = heap.at(-1);
      console.log(
        `  ${String(t).padStart(3)} s  ${chunk.rps.toFixed(0).padStart(7)} req/s  errors ${chunk.errors}  RSS ${rss.at(-1).toFixed(1)} MB  after a full GC: heap ${heapUsed.toFixed(2)} MB, external ${external.toFixed(2)} MB`,
      );
    }
    // A leak shows as live memory that keeps growing after full collections; RSS also holds the heap pages V8 keeps.
    const afterWarmUp = (values) => values.slice(Math.min(2, values.length - 1));
    const spread = (values) => Math.max(...values) - Math.min(...values);
    const liveHeap = afterWarmUp(heap.map((h) => h.heapUsed + h.external));
    console.log(
      `soak: ${errors} errors (bar: 0) ${errors === 0 ? 'ok' : 'FAILED'}; after warm-up, RSS varied ${spread(afterWarmUp(rss)).toFixed(1)} MB and the live heap after a full GC ${spread(liveHeap).toFixed(2)} MB (first ${liveHeap[0].toFixed(2)}, last ${liveHeap.at(-1).toFixed(2)} MB)`,
    );
    if (errors > 0) process.exitCode = 1;
  }

  const bundle = readFileSync(here('../dist/gitbook/index.js'));
  const gzipKb = gzipSync(bundle).length / 1024;
  console.log(
    `GitBook bundle: ${(bundle.length / 1024).toFixed(1)} KB minified, ${gzipKb.toFixed(1)} KB gzipped (bar: <= 64 KB) ${gzipKb <= 64 ? 'ok' : 'ABOVE BAR'}`,
  );
  if (gzipKb > 64) process.exitCode = 1;
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await emulator.stop();
  rmSync(tmp, { recursive: true, force: true });
}
