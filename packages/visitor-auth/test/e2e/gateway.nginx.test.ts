// Past one machine: two gateway processes behind Debian's nginx (round-robin upstream), sharing a Redis replay guard.
// A login started on one instance finishes on the other, both serve pages, and a logout on one is honoured by both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unseal } from '@cognito-connect/core';
import type { Emulator, SeedClient } from '@cognito-connect/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, freePort, type Navigation } from '../support/agent.js';
import { type GatewayProcess, startGatewayProcess } from '../support/processes.js';
import { NGINX, type RunningProxy, binaryAvailable, startNginxBalancer } from '../support/proxies.js';
import { REDIS, type RunningRedis, startRedis } from '../support/redis.js';
import { COOKIE_SECRET, DOCS_SITE, READER, READERS_GROUP, registerClient, startPool } from '../support/stack.js';

const SESSION_COOKIE = 'cc-visitor';
const TX_COOKIE = 'cc-visitor-tx';
const needs = binaryAvailable(NGINX, 'nginx') && binaryAvailable(REDIS, 'redis-server');

describe.runIf(needs)('two gateway processes behind nginx round-robin', () => {
  let emulator: Emulator;
  let client: SeedClient;
  let redis: RunningRedis;
  let nginx: RunningProxy;
  let site: string;
  const instances: GatewayProcess[] = [];
  const backends: string[] = [];

  beforeAll(async () => {
    [emulator, redis] = await Promise.all([startPool(), startRedis()]);
    const [nginxPort, ...ports] = await Promise.all([freePort(), freePort(), freePort()]);
    site = `http://127.0.0.1:${nginxPort}`;
    client = registerClient(emulator, [site]);
    const common = {
      cognito: emulator.settingsFor(client.clientId),
      site,
      dir: DOCS_SITE,
      cookieSecret: COOKIE_SECRET,
      requiredGroups: [READERS_GROUP],
      replayStore: redis.url,
    };
    for (const port of ports) {
      instances.push(await startGatewayProcess({ ...common, port }));
      backends.push(`127.0.0.1:${port}`);
    }
    nginx = await startNginxBalancer(nginxPort, backends);
  }, 120_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await Promise.all([redis?.stop(), emulator?.stop()]);
  });

  /** The instance (host:port) nginx sent a request to. */
  const upstreamOf = (headers: Headers) => headers.get('x-upstream') as string;
  const hopTo = (navigation: Navigation, path: string) =>
    navigation.hops.find((hop) => hop.url.startsWith(site) && new URL(hop.url).pathname === path);

  async function signIn(): Promise<{ agent: Agent; start: Navigation; landed: Navigation }> {
    const agent = new Agent();
    const start = await agent.navigate(`${site}/guide/`);
    const landed = await agent.signIn(start, READER.username, READER.password);
    expect(landed.response.status).toBe(200);
    expect(landed.url).toBe(`${site}/guide/`);
    return { agent, start, landed };
  }

  it('finishes on one instance a login started on the other, and serves pages from both', async () => {
    const { agent, start, landed } = await signIn();
    const login = hopTo(start, '/_auth/login');
    const callback = hopTo(landed, '/_auth/callback');
    expect(login && callback).toBeTruthy();
    expect(backends).toContain(upstreamOf(login?.headers as Headers));
    expect(backends).toContain(upstreamOf(callback?.headers as Headers));
    // The transaction sealed by one instance was opened by the other.
    expect(upstreamOf(callback?.headers as Headers)).not.toBe(upstreamOf(login?.headers as Headers));
    expect(callback?.status).toBe(302);

    const servedBy = new Map<string, string>();
    for (let i = 0; i < 6; i++) {
      const page = await agent.navigate(`${site}/reference/api/`);
      expect(page.hops).toHaveLength(1);
      expect(page.response.status).toBe(200);
      expect(page.body).toContain('<h1>');
      servedBy.set(upstreamOf(page.response.headers), page.response.headers.get('x-served-by') as string);
    }
    // Both nginx upstreams answered, from two different processes, both of them ours.
    expect([...servedBy.keys()].sort()).toEqual([...backends].sort());
    expect(new Set(servedBy.values()).size).toBe(2);
    expect([...servedBy.values()].sort()).toEqual(instances.map((instance) => String(instance.pid)).sort());
    // nginx's own log says the same.
    const log = readFileSync(join(nginx.dir, 'access.log'), 'utf8');
    for (const backend of backends) expect(log).toMatch(new RegExp(`^/reference/api/ ${backend} 200$`, 'm'));
  });

  it('refuses a callback replayed to the other instance: the used transaction is shared through Redis', async () => {
    const agent = new Agent();
    const start = await agent.navigate(`${site}/guide/`);
    const callback = await agent.callbackUrl(start, READER.username, READER.password);
    const tx = agent.cookies(callback)[TX_COOKIE] as string;
    const send = () => {
      const attacker = new Agent();
      attacker.setCookie(callback, TX_COOKIE, tx, '/_auth/');
      return attacker.request(callback);
    };
    const first = await send();
    const replayed = await send();
    expect(upstreamOf(replayed.headers)).not.toBe(upstreamOf(first.headers));
    expect(first.status).toBe(302);
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('FLOW_TRANSACTION_REPLAYED');
  });

  it('honours on both instances a logout made on one, and Cognito asks for the password again', async () => {
    const { agent } = await signIn();
    const copy = agent.cookies(site)[SESSION_COOKIE] as string;
    const out = await agent.navigate(`${site}/_auth/logout`, { method: 'POST', headers: { origin: site } });
    const logoutHop = out.hops[0];
    expect(logoutHop?.status).toBe(303);
    expect(logoutHop?.setCookies.join()).toMatch(new RegExp(`^${SESSION_COOKIE}=; Max-Age=0;`));
    expect(out.hops.some((hop) => hop.url.startsWith(`${emulator.url}/logout?`))).toBe(true);
    expect(agent.cookies(site)[SESSION_COOKIE]).toBeUndefined();

    // Both instances now send this browser to sign in ...
    const refusedBy = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const page = await agent.request(`${site}/guide/`);
      expect(page.status).toBe(302);
      expect(new URL(page.headers.get('location') as string).pathname).toBe('/_auth/login');
      refusedBy.add(upstreamOf(page.headers));
    }
    expect(refusedBy.size).toBe(2);
    // ... and the hosted UI shows its sign-in form again: the Cognito session ended too.
    const again = await agent.navigate(`${site}/guide/`);
    expect(again.url.startsWith(emulator.url)).toBe(true);
    expect(again.body).toMatch(/name="pending"/);
    expect(again.body).toMatch(/name="password"/);

    // The session's refresh token was revoked at logout: a copied cookie cannot be renewed by any instance.
    const { r } = await unseal<{ r: string }>(copy, COOKIE_SECRET, 'visitor-session');
    const refreshed = await fetch(`${emulator.url}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${btoa(`${client.clientId}:${client.clientSecret}`)}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: r }).toString(),
    });
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
    for (const instance of instances) expect(instance.stderr()).not.toContain(r);
  });
});
