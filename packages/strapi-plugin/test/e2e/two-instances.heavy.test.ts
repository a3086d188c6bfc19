// Past one machine: two `strapi start` processes of the fixture on one throwaway PostgreSQL cluster, behind one public URL.
// Single-use state lives in the database, so a login, its transaction and its one-time code work across instances, once.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test-fixtures/support/ports.js';
import {
  type StrapiProcess,
  copyFixtureApp,
  linkInstalledModules,
  pluginEnv,
  startStrapiProcess,
} from '../support/app-copy.js';
import { type Balancer, startBalancer } from '../support/balancer.js';
import { Visitor, errorCode } from '../support/browser.js';
import { type PostgresCluster, postgresAvailable, psql, startPostgres } from '../support/postgres.js';
import { ALICE, BOB, FRONTEND, SEED, assertPluginBuilt, registerStrapiClient } from '../support/stack.js';

const CONCURRENT_REDEMPTIONS = 20;

describe.runIf(postgresAvailable())('two Strapi instances sharing PostgreSQL', () => {
  let pg: PostgresCluster;
  let emulator: Emulator;
  let work: string;
  const instances: Record<string, StrapiProcess> = {};
  let balancer: Balancer;

  const exchange = (visitor: Visitor, instance: string, code: string) =>
    visitor.post(`${balancer.url}/api/cognito-connect/exchange`, { code }, { 'x-instance': instance });

  /** Signs in through the balancer with a front end to return to, every step on `instance`; returns the one-time code. */
  async function codeFrom(instance: string, user: { username: string; password: string }, visitor = new Visitor()) {
    balancer.route = () => instance;
    const response = await visitor.signIn(
      `${balancer.url}/api/cognito-connect/login?returnTo=${encodeURIComponent(`${FRONTEND}/done`)}`,
      user,
    );
    expect(response.status, await response.clone().text()).toBe(302);
    const landing = new URL(response.headers.get('location') as string);
    const code = landing.searchParams.get('login_code') ?? new URLSearchParams(landing.hash.slice(1)).get('login_code');
    expect(code).toEqual(expect.any(String));
    return { visitor, code: code as string };
  }

  beforeAll(async () => {
    assertPluginBuilt();
    [pg, emulator] = await Promise.all([startPostgres(), startEmulator({ seed: SEED, port: 0 })]);
    work = mkdtempSync(join(tmpdir(), 'cognito-connect-two-instances-'));
    const app = join(work, 'app');
    copyFixtureApp(app);
    linkInstalledModules(join(app, 'node_modules'));
    const [publicPort, portA, portB] = [await freePort(), await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${publicPort}`;
    const client = registerStrapiClient(emulator, publicUrl);
    const env = {
      DATABASE_CLIENT: 'postgres',
      DATABASE_HOST: pg.host,
      DATABASE_PORT: String(pg.port),
      DATABASE_NAME: pg.database,
      DATABASE_USERNAME: pg.user,
      // Both instances sit behind the balancer: the same public URL, the callback registered once.
      PUBLIC_URL: publicUrl,
      ...pluginEnv(emulator, client),
    };
    // One after the other: the first creates the schema, the second finds it.
    instances.A = await startStrapiProcess(app, portA, env);
    instances.B = await startStrapiProcess(app, portB, env);
    balancer = await startBalancer(publicPort, { A: instances.A.url, B: instances.B.url });
  }, 900_000);

  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(Object.values(instances).map((instance) => instance.stop()));
    await emulator?.stop();
    await pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('keeps both instances in the one PostgreSQL database (no SQLite file)', async () => {
    for (const instance of ['A', 'B']) {
      const health = await fetch(`${balancer.url}/_health`, { headers: { 'x-instance': instance } });
      expect(health.status).toBe(204);
    }
    expect(
      psql(pg, "select count(*) from information_schema.tables where table_name = 'cognito_connect_tickets'"),
    ).toBe('1');
    expect(existsSync(join(work, 'app', '.tmp', 'data.db'))).toBe(false);
  });

  it('completes on instance B a login started on instance A', async () => {
    balancer.route = (req) => (req.url?.startsWith('/api/cognito-connect/callback') ? 'B' : 'A');
    balancer.served.length = 0;
    const response = await new Visitor().signIn(`${balancer.url}/api/cognito-connect/login`, ALICE);
    expect(response.status, await response.clone().text()).toBe(200);
    const { jwt, user } = (await response.json()) as { jwt: string; user: { email: string } };
    expect(user.email).toBe('alice@example.com');
    expect(balancer.served).toEqual([
      { instance: 'A', path: '/api/cognito-connect/login' },
      { instance: 'B', path: '/api/cognito-connect/callback' },
    ]);
    // Either instance accepts the JWT the other issued.
    const me = await fetch(`${balancer.url}/api/users/me`, {
      headers: { authorization: `Bearer ${jwt}`, 'x-instance': 'A' },
    });
    expect(me.status).toBe(200);
  });

  it('refuses on A a login transaction already spent on B', async () => {
    balancer.route = () => 'A';
    const visitor = new Visitor();
    const { callback, transactionCookie } = await visitor.signInUntilCallback(
      `${balancer.url}/api/cognito-connect/login`,
      BOB,
    );
    const replay = { cookie: `cognito_connect_tx=${transactionCookie}` };
    const first = await visitor.get(callback, { 'x-instance': 'B' });
    expect(first.status, await first.clone().text()).toBe(200);
    const second = await fetch(callback, { redirect: 'manual', headers: { ...replay, 'x-instance': 'A' } });
    expect(second.status).toBe(400);
    expect(await errorCode(second)).toBe('FLOW_TRANSACTION_REPLAYED');
  });

  it('redeems on B a login code issued on A once, and only once', async () => {
    const { visitor, code } = await codeFrom('A', ALICE);
    const redeemed = await exchange(visitor, 'B', code);
    expect(redeemed.status, await redeemed.clone().text()).toBe(200);
    expect(((await redeemed.json()) as { user: { email: string } }).user.email).toBe('alice@example.com');
    for (const instance of ['B', 'A']) {
      const again = await exchange(visitor, instance, code);
      expect(again.status).toBe(400);
      expect(await errorCode(again)).toBe('CODE_INVALID');
    }
  });

  it(`lets exactly one of ${CONCURRENT_REDEMPTIONS} concurrent redemptions spread over both instances win`, async () => {
    const { visitor, code } = await codeFrom('A', BOB);
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT_REDEMPTIONS }, (_, i) => exchange(visitor, i % 2 === 0 ? 'A' : 'B', code)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(CONCURRENT_REDEMPTIONS - 1);
    const codes = await Promise.all(answers.filter((a) => a.status === 400).map((a) => errorCode(a)));
    expect(new Set(codes)).toEqual(new Set(['CODE_INVALID']));
  });
});
