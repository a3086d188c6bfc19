// Fault switches over real HTTP: 500s, hangs released by abort or stop(), key rotation, and prompt shutdown.
import { Agent, get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeedError, type Emulator } from '../../src/index.js';
import { CONFIDENTIAL, basic, claimsOf, exchange, postForm, signIn, startSeeded } from '../support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startSeeded();
});
afterAll(() => emulator.stop());

const kidOf = (jwt: string) =>
  (JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()) as { kid: string }).kid;

describe('error faults', () => {
  it('makes JWKS, discovery, token and userInfo answer 500 until cleared', async () => {
    const tokens = await exchange(emulator, await signIn(emulator));
    const calls = {
      jwks: () => fetch(emulator.jwksUrl),
      discovery: () => fetch(emulator.discoveryUrl),
      token: () =>
        postForm(
          `${emulator.url}/oauth2/token`,
          { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
          { authorization: basic(CONFIDENTIAL.id, CONFIDENTIAL.secret) },
        ),
      userInfo: () =>
        fetch(`${emulator.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } }),
    };
    for (const [target, call] of Object.entries(calls)) {
      emulator.faults.set({ [target]: 'error' });
      const failed = await call();
      expect(failed.status, target).toBe(500);
      expect(await failed.json()).toMatchObject({ error: 'server_error' });
      emulator.faults.set({ [target]: null });
      expect((await call()).status, target).toBe(200);
    }
  });

  it('is switchable over HTTP and validates the switches', async () => {
    const set = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jwks: 'error' }),
    });
    expect(await set.json()).toEqual({ jwks: 'error', discovery: null, token: null, userInfo: null });
    expect((await fetch(emulator.jwksUrl)).status).toBe(500);
    emulator.faults.clear();
    expect((await fetch(emulator.jwksUrl)).status).toBe(200);
    expect(() => emulator.faults.set({ jwks: 'explode' as never })).toThrow(SeedError);
    const bad = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokens: 'error' }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('hang faults', () => {
  it('holds the request until the caller gives up, then serves normally again', async () => {
    emulator.faults.set({ jwks: 'hang' });
    const caller = new AbortController();
    let settled = false;
    const hung = fetch(emulator.jwksUrl, { signal: caller.signal }).finally(() => (settled = true));
    await emulator.faults.whenHeld('jwks');
    // Held: another endpoint answers a full round trip while the JWKS request has no answer.
    expect((await fetch(emulator.discoveryUrl)).status).toBe(200);
    expect(settled).toBe(false);
    caller.abort();
    await expect(hung).rejects.toThrow(/abort/i);
    emulator.faults.set({ jwks: null });
    expect((await fetch(emulator.jwksUrl)).status).toBe(200);
  });

  it('is released by stop(), which returns promptly', async () => {
    const other = await startSeeded();
    other.faults.set({ token: 'hang', userInfo: 'hang' });
    const hung = [
      fetch(`${other.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      }),
      fetch(`${other.url}/oauth2/userInfo`),
    ].map((p) =>
      p.then(
        () => 'answered',
        () => 'closed',
      ),
    );
    await Promise.all([other.faults.whenHeld('token'), other.faults.whenHeld('userInfo')]);
    // stop() resolves only once every connection is closed: a hung request still held would keep it open.
    await other.stop();
    expect(await Promise.all(hung)).toEqual(['closed', 'closed']);
  });
});

describe('key rotation', () => {
  it('publishes new kids, signs with them, and stops accepting tokens signed before', async () => {
    const before = await exchange(emulator, await signIn(emulator));
    const oldKids = ((await (await fetch(emulator.jwksUrl)).json()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    );
    const rotated = await emulator.faults.rotateKeys();
    const newKids = ((await (await fetch(emulator.jwksUrl)).json()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    );
    expect(newKids).toEqual([rotated.id, rotated.access]);
    expect(newKids.some((kid) => oldKids.includes(kid))).toBe(false);
    const after = await exchange(emulator, await signIn(emulator));
    expect(kidOf(after.id_token as string)).toBe(rotated.id);
    expect(kidOf(after.access_token)).toBe(rotated.access);
    expect(
      (await fetch(`${emulator.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${before.access_token}` } }))
        .status,
    ).toBe(401);
    // The refresh token is opaque and survives rotation, as in Cognito; it yields tokens under the new keys.
    const refreshed = (await (
      await postForm(
        `${emulator.url}/oauth2/token`,
        { grant_type: 'refresh_token', refresh_token: before.refresh_token as string },
        { authorization: basic(CONFIDENTIAL.id, CONFIDENTIAL.secret) },
      )
    ).json()) as { access_token: string };
    expect(kidOf(refreshed.access_token)).toBe(rotated.access);
    expect(claimsOf(refreshed.access_token).username).toBe('alice');
  });

  it('rotates over HTTP too', async () => {
    const response = await fetch(`${emulator.url}/__emulator/faults/rotate-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(Object.keys((await response.json()) as object).sort()).toEqual(['access', 'id']);
  });
});

describe('stop()', () => {
  it('closes kept-alive connections itself, many times over', async () => {
    for (let i = 0; i < 5; i++) {
      const running = await startSeeded();
      // A keep-alive agent keeps the socket open after the answer; the server's own idle timeout is 5 s.
      const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
      const { closed } = await new Promise<{ closed: Promise<void> }>((resolve, reject) => {
        const request = get(running.jwksUrl, { agent }, (response) => {
          expect(response.statusCode).toBe(200);
          response.resume();
          response.on('end', () => resolve({ closed }));
        }).on('error', reject);
        const closed = new Promise<void>((done) =>
          request.once('socket', (socket) => socket.once('close', () => done())),
        );
      });
      // Both resolve only if stop() itself ends the idle connection (nothing here advances to a timeout).
      await Promise.all([running.stop(), closed]);
      agent.destroy();
      await expect(fetch(running.jwksUrl)).rejects.toThrow();
    }
  });
});
