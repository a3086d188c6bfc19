// Several gateway instances sharing a Redis replay guard (Debian's redis-server, started here on a loopback port): a login
// transaction used on one instance is refused on the others; with per-process memory it is not recognised.
import type { Emulator, SeedClient } from '@cognito-connect/emulator';
import { type RedisReplayGuard, type RunningGateway, redisReplayGuard } from '@cognito-connect/visitor-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, freePort } from '../support/agent.js';
import { binaryAvailable } from '../support/proxies.js';
import { REDIS, type RunningRedis, startRedis } from '../support/redis.js';
import { READER, gatewayFor, registerClient, reserveSite, startPool } from '../support/stack.js';

const TX_COOKIE = 'cc-visitor-tx';

describe.runIf(binaryAvailable(REDIS, 'redis-server'))('gateway instances sharing a Redis replay guard', () => {
  let redis: RunningRedis;
  let emulator: Emulator;
  let client: SeedClient;
  const guards: RedisReplayGuard[] = [];
  let first: RunningGateway;
  let second: RunningGateway;
  let memoryOnly: RunningGateway;

  beforeAll(async () => {
    redis = await startRedis();
    // redis-server takes a moment to listen; the client retries until it does.
    guards.push(await redisReplayGuard(redis.url), await redisReplayGuard(redis.url));
    emulator = await startPool();
    // All three instances serve the same public site; a load balancer would pick one per request.
    const site = await reserveSite();
    const [port2, port3] = await Promise.all([freePort(), freePort()]);
    client = registerClient(emulator, [site.site]);
    first = await gatewayFor(emulator, client, site, { replayGuard: guards[0] });
    second = await gatewayFor(emulator, client, { port: port2, site: site.site }, { replayGuard: guards[1] });
    memoryOnly = await gatewayFor(emulator, client, { port: port3, site: site.site });
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close(), memoryOnly?.close()]);
    await Promise.all(guards.map((guard) => guard.close()));
    await emulator?.stop();
    await redis?.stop();
  });

  /** Signs in on the first instance, stopping at the callback; returns it and the transaction cookie. */
  async function callbackAndTransaction(): Promise<{ callback: string; tx: string }> {
    const agent = new Agent();
    const login = await agent.request(`${first.url}/_auth/login?location=%2Fguide%2F`);
    const form = await agent.navigate(login.headers.get('location') as string);
    const callback = await agent.callbackUrl(form, READER.username, READER.password);
    return { callback, tx: agent.cookies(callback)[TX_COOKIE] as string };
  }

  /** Sends the callback, with its transaction cookie, to `instance` (as a load balancer might). */
  async function callbackOn(instance: RunningGateway, callback: string, tx: string): Promise<Response> {
    const agent = new Agent();
    const url = new URL(callback);
    url.port = String(instance.port);
    agent.setCookie(url.href, TX_COOKIE, tx, '/_auth/');
    return agent.request(url.href);
  }

  it('finishes on another instance a login started on the first', async () => {
    const { callback, tx } = await callbackAndTransaction();
    const finished = await callbackOn(second, callback, tx);
    expect(finished.status).toBe(302);
    expect(finished.headers.getSetCookie().some((c) => c.startsWith('cc-visitor='))).toBe(true);
  });

  it('refuses on every instance sharing Redis a transaction already used on one', async () => {
    const { callback, tx } = await callbackAndTransaction();
    expect((await callbackOn(first, callback, tx)).status).toBe(302);
    const replayed = await callbackOn(second, callback, tx);
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('FLOW_TRANSACTION_REPLAYED');
  });

  it('shows what an instance without the shared store gives up: it does not recognise the replay', async () => {
    const { callback, tx } = await callbackAndTransaction();
    expect((await callbackOn(first, callback, tx)).status).toBe(302);
    const replayed = await callbackOn(memoryOnly, callback, tx);
    // Only Cognito's single-use code stops it here (the code exchange fails), not the gateway's guard.
    expect(await replayed.text()).not.toContain('FLOW_TRANSACTION_REPLAYED');
    expect(replayed.status).not.toBe(302);
  });
});
