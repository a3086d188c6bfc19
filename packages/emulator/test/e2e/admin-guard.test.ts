// The admin API refuses what a web page could send it: cross-site text/plain POSTs and DNS-rebound Hosts (issue 10, defect 6).
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/index.js';
import { startSeeded } from '../support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startSeeded();
});
afterAll(() => emulator.stop());

/** A raw HTTP request, so the Host header can be what a rebinding DNS name makes the browser send. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  const url = new URL(`${emulator.url}/__emulator${path}`);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const client = JSON.stringify({ name: 'planted', callbackUrls: ['https://attacker.example/cb'] });

describe('/__emulator guard', () => {
  it('refuses a cross-site "simple" POST (text/plain) that would register a client', async () => {
    const response = await send(
      'POST',
      '/clients',
      { 'content-type': 'text/plain', host: new URL(emulator.url).host },
      client,
    );
    expect(response.status).toBe(415);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'unsupported_media_type' });
    expect(JSON.parse((await send('GET', '/users', { host: new URL(emulator.url).host })).body)).toBeInstanceOf(Array);
    expect(response.body).not.toContain('clientId');
  });

  it('refuses a form-encoded POST too', async () => {
    const response = await send(
      'POST',
      '/users',
      { 'content-type': 'application/x-www-form-urlencoded', host: new URL(emulator.url).host },
      'username=x',
    );
    expect(response.status).toBe(415);
  });

  it.each(['attacker.example', 'attacker.example:8080', 'localhost.attacker.example', '127.0.0.1.attacker.example'])(
    'refuses a request whose Host is %s (DNS rebinding)',
    async (host) => {
      const read = await send('GET', '/users', { host });
      expect(read.status).toBe(403);
      expect(read.body).not.toContain('username');
      const write = await send('POST', '/clients', { 'content-type': 'application/json', host }, client);
      expect(write.status).toBe(403);
      expect(write.body).not.toContain('clientId');
    },
  );

  it('serves JSON from loopback Hosts', async () => {
    const port = new URL(emulator.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await send('GET', '/users', { host })).status).toBe(200);
    }
    const added = await send(
      'POST',
      '/groups',
      { 'content-type': 'application/json; charset=utf-8', host: `127.0.0.1:${port}` },
      JSON.stringify({ name: 'guarded' }),
    );
    expect(added.status).toBe(204);
  });
});
