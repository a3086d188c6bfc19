// The gateway's static files over real HTTP: Range (defect 8 of the security review), ETag/304, compression, hardening headers.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Emulator } from '@cognito-connect/emulator';
import type { RunningGateway } from '@cognito-connect/visitor-auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Agent } from '../support/agent.js';
import { DOCS_SITE, READER, gatewayFor, registerClient, reserveSite, startPool } from '../support/stack.js';

const PAGE = '/guide/getting-started.html';
const BYTES = readFileSync(join(DOCS_SITE, PAGE));

let emulator: Emulator;
let gateway: RunningGateway;
let cookie: string;

beforeAll(async () => {
  emulator = await startPool();
  const at = await reserveSite();
  gateway = await gatewayFor(emulator, registerClient(emulator, [at.site]), at);
  const agent = new Agent();
  await agent.signIn(await agent.navigate(`${gateway.url}/`), READER.username, READER.password);
  cookie = `cc-visitor=${agent.cookies(gateway.url)['cc-visitor']}`;
});

afterAll(async () => {
  await gateway?.close();
  await emulator?.stop();
});

/** A raw request (fetch would add and decode Accept-Encoding itself). */
function get(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${gateway.url}${path}`, { method, headers: { cookie, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Range requests (issue 10, defect 8)', () => {
  it('answers an unsatisfiable or backwards range with 416 and the size, without logging a stack', async () => {
    const logged = vi.spyOn(console, 'error');
    try {
      for (const range of ['bytes=100-50', 'bytes=999999999-', `bytes=${BYTES.length}-`]) {
        const response = await get(PAGE, { range });
        expect(response.status, range).toBe(416);
        expect(response.headers['content-range'], range).toBe(`bytes */${BYTES.length}`);
      }
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('serves the right bytes for a suffix, an open and a closed range', async () => {
    const cases: Array<[string, number, number]> = [
      ['bytes=-1', BYTES.length - 1, BYTES.length - 1],
      ['bytes=-10', BYTES.length - 10, BYTES.length - 1],
      ['bytes=100-', 100, BYTES.length - 1],
      ['bytes=0-9', 0, 9],
      [`bytes=10-${BYTES.length + 500}`, 10, BYTES.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await get(PAGE, { range, 'accept-encoding': 'gzip, br' });
      expect(response.status, range).toBe(206);
      expect(response.headers['content-range'], range).toBe(`bytes ${start}-${end}/${BYTES.length}`);
      expect(response.headers['content-encoding'], range).toBeUndefined();
      expect(response.body.equals(BYTES.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('ignores a malformed range and a stale If-Range, serving the whole file', async () => {
    expect((await get(PAGE, { range: 'lines=1-2' })).status).toBe(200);
    const stale = await get(PAGE, { range: 'bytes=0-9', 'if-range': '"not-the-etag"' });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(BYTES)).toBe(true);
  });

  it('asks for a session before answering any range', async () => {
    const response = await new Promise<number>((resolve, reject) => {
      request(`${gateway.url}${PAGE}`, { headers: { range: 'bytes=100-50' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(response).toBe(302);
  });
});

describe('caching and compression', () => {
  it('sends an ETag and Last-Modified, and answers If-None-Match with 304', async () => {
    const first = await get(PAGE);
    expect(first.status).toBe(200);
    expect(first.body.equals(BYTES)).toBe(true);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['last-modified']).toBeTruthy();
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await get(PAGE, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect((await get(PAGE, { 'if-modified-since': first.headers['last-modified'] as string })).status).toBe(304);
    expect((await get(PAGE, { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('serves brotli or gzip by Accept-Encoding, each with its own ETag', async () => {
    const br = await get(PAGE, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(brotliDecompressSync(br.body).equals(BYTES)).toBe(true);
    const gz = await get(PAGE, { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(BYTES)).toBe(true);
    expect(new Set([br.headers.etag, gz.headers.etag, (await get(PAGE)).headers.etag]).size).toBe(3);
    expect((await get(PAGE, { 'accept-encoding': 'br', 'if-none-match': br.headers.etag as string })).status).toBe(304);
  });

  it('answers HEAD with the headers only, and a folder without its slash with a redirect', async () => {
    const head = await get(PAGE, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(BYTES.length);
    expect(head.body.length).toBe(0);
    const folder = await get('/guide?x=1');
    expect(folder.status).toBe(301);
    expect(folder.headers.location).toBe('/guide/?x=1');
    expect((await get('/guide/')).status).toBe(200);
  });

  it('never serves a path outside the folder or a dotfile', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/.env']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});

describe('hardening headers (issue 10)', () => {
  it('marks pages, redirects and errors nosniff, not framable cross-site, with a referrer policy', async () => {
    const responses = [
      await get(PAGE),
      await get('/missing'),
      await get(PAGE, { cookie: '' }),
      await get('/_auth/login?location=%2F'),
    ];
    for (const response of responses) {
      expect(response.headers['x-content-type-options'], String(response.status)).toBe('nosniff');
      expect(response.headers['x-frame-options'], String(response.status)).toMatch(/^(SAMEORIGIN|DENY)$/);
      expect(response.headers['content-security-policy'], String(response.status)).toMatch(/frame-ancestors/);
      expect(response.headers['referrer-policy'], String(response.status)).toBeTruthy();
    }
  });
});
