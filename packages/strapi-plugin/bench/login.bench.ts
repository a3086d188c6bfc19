// Benchmark: full hardened logins per second through a real Strapi (the fixture, SQLite) and the emulator, and what a Cognito
// access token as Bearer adds over a Strapi JWT on the same route. Bounded in count and time; prints both side by side.
// Run: npm run bench -w @cognito-connect/strapi-plugin. Env: BENCH_SECONDS (10) per part, BENCH_CONCURRENCY (4).
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Visitor } from '../test/support/browser.js';
import { ALICE, startStack } from '../test/support/stack.js';
import { rawTokens } from '../test/support/tokens.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const MAX_LOGINS = 2_000;
const MAX_REQUESTS = 20_000;

/** Runs `task` from `concurrency` loops until `seconds` or `max` runs; returns each run's milliseconds. */
async function timed(task: () => Promise<void>, seconds: number, max: number, concurrency: number): Promise<number[]> {
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end && started < max) {
        started++;
        const t0 = performance.now();
        await task();
        times.push(performance.now() - t0);
      }
    }),
  );
  return times;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
  return { n: times.length, mean, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main(): Promise<void> {
  // Quiet Strapi: a warning per request would measure the logger.
  process.env.STRAPI_LOG_LEVEL = 'error';
  const stack = await startStack();
  try {
    const login = async () => {
      const response = await new Visitor().signIn(`${stack.url}/api/cognito-connect/login`, ALICE);
      if (response.status !== 200) throw new Error(`login answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    };
    await login(); // first login creates the user; warm-up
    const loginsStart = performance.now();
    const logins = await timed(login, SECONDS, MAX_LOGINS, CONCURRENCY);
    const loginSeconds = (performance.now() - loginsStart) / 1000;

    const { jwt } = (await (await new Visitor().signIn(`${stack.url}/api/cognito-connect/login`, ALICE)).json()) as {
      jwt: string;
    };
    const { access_token: accessToken } = await rawTokens(
      stack.emulator,
      stack.client.clientId,
      `${stack.url}/api/cognito-connect/callback`,
      ALICE,
    );
    const get = (token: string) => async () => {
      const response = await fetch(`${stack.url}/api/articles`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`/api/articles answered ${response.status}`);
      await response.arrayBuffer();
    };
    // Warm both paths (JWKS cached, user found by sub), then alternate short slices so load changes hit both alike.
    await timed(get(jwt), 1, 200, 1);
    await timed(get(accessToken), 1, 200, 1);
    const strapiJwt: number[] = [];
    const bearer: number[] = [];
    const slices = 10;
    for (let i = 0; i < slices; i++) {
      strapiJwt.push(...(await timed(get(jwt), SECONDS / slices, MAX_REQUESTS / slices, 1)));
      bearer.push(...(await timed(get(accessToken), SECONDS / slices, MAX_REQUESTS / slices, 1)));
    }

    const cpu = cpus();
    console.log(
      `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; Node ${process.version}; Strapi fixture on SQLite, emulator in the same process`,
    );
    const l = summary(logins);
    console.log(
      `\nfull hardened logins (/login → hosted UI form → /callback → { jwt, user }), ${CONCURRENCY} at a time, ${loginSeconds.toFixed(1)} s:`,
    );
    console.log(
      `  ${(l.n / loginSeconds).toFixed(1)} logins/s   mean ${ms(l.mean)}   p50 ${ms(l.p50)}   p95 ${ms(l.p95)}`,
    );
    const a = summary(strapiJwt);
    const b = summary(bearer);
    console.log('\nGET /api/articles, one at a time:');
    console.log(
      `  ${'credential'.padEnd(28)}${'requests'.padStart(10)}${'mean'.padStart(12)}${'p50'.padStart(12)}${'p95'.padStart(12)}`,
    );
    for (const [name, s] of [
      ['users-permissions JWT', a],
      ['Cognito access token', b],
    ] as const)
      console.log(
        `  ${name.padEnd(28)}${String(s.n).padStart(10)}${ms(s.mean).padStart(12)}${ms(s.p50).padStart(12)}${ms(s.p95).padStart(12)}`,
      );
    console.log(`  added by the Bearer access token: ${ms(b.p50 - a.p50)} at p50, ${ms(b.mean - a.mean)} mean`);
  } finally {
    await stack.stop();
  }
}

await main();
