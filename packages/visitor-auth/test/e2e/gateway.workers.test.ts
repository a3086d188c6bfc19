// `--workers N` (runGatewayWorkers over node:cluster): N worker processes share the port, each serves visitors signed in on
// any other, and a crashed worker is replaced while the others keep serving.
import { request } from 'node:http';
import type { Emulator } from '@cognito-connect/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../support/agent.js';
import { type GatewayProcess, startGatewayProcess } from '../support/processes.js';
import {
  COOKIE_SECRET,
  DOCS_SITE,
  READER,
  READERS_GROUP,
  registerClient,
  reserveSite,
  startPool,
} from '../support/stack.js';

const WORKERS = 2;

let emulator: Emulator;
let gateway: GatewayProcess;
let site: string;
let cookie: string;

beforeAll(async () => {
  emulator = await startPool();
  const at = await reserveSite();
  site = at.site;
  const client = registerClient(emulator, [site]);
  gateway = await startGatewayProcess({
    cognito: emulator.settingsFor(client.clientId),
    site,
    port: at.port,
    dir: DOCS_SITE,
    cookieSecret: COOKIE_SECRET,
    requiredGroups: [READERS_GROUP],
    workers: WORKERS,
  });
  const agent = new Agent();
  const landed = await agent.signIn(await agent.navigate(`${site}/guide/`), READER.username, READER.password);
  expect(landed.response.status).toBe(200);
  cookie = Object.entries(agent.cookies(site))
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await emulator?.stop();
});

/** One GET on a new connection (node:cluster hands each connection to the next worker), with the session cookie. */
function get(path: string): Promise<{ status: number; servedBy: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${site}${path}`, { agent: false, headers: { cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, servedBy: Number(res.headers['x-served-by']) }));
    });
    req.on('error', reject);
    req.setTimeout(2_000, () => req.destroy(new Error(`no answer to ${path} within 2 s`)));
    req.end();
  });
}

async function servers(count: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < count; i++) {
    const answer = await get('/reference/api/');
    expect(answer.status).toBe(200);
    pids.add(answer.servedBy);
  }
  return pids;
}

describe('--workers', () => {
  it(`starts ${WORKERS} worker processes, and each serves the session signed in on any of them`, async () => {
    const pids = await servers(8);
    expect(pids.size).toBe(WORKERS);
    expect(pids.has(gateway.pid)).toBe(false); // the primary only supervises
  });

  it('replaces a worker that crashes, and keeps serving meanwhile', async () => {
    const before = await servers(6);
    const [victim] = [...before] as [number];
    process.kill(victim, 'SIGKILL');
    const after = new Set<number>();
    let lost = 0;
    // The surviving worker answers at once; the replacement joins once it listens. The one connection node:cluster's
    // primary may already have handed to the dying worker is lost with it (no answer), as with any crashed process.
    for (let i = 0; i < 200 && after.size < WORKERS; i++) {
      const answer = await get('/guide/').catch(() => undefined);
      if (!answer) {
        lost += 1;
        continue;
      }
      expect(answer.status).toBe(200);
      expect(answer.servedBy).not.toBe(victim);
      after.add(answer.servedBy);
      if (after.size < WORKERS) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lost).toBeLessThanOrEqual(1);
    expect(after.size).toBe(WORKERS);
    expect([...after].filter((pid) => !before.has(pid))).toHaveLength(1);
    expect(gateway.stderr()).not.toMatch(/Error/);
  });
});
