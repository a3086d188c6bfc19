// The gateway's https cookies behind Debian's nginx terminating TLS (a self-signed certificate made here with openssl),
// running the server block `cognito-connect config nginx` writes: `__Host-` and `Secure` on sign-in, renewal and deletion;
// and plain HTTP straight to the gateway (or a client's X-Forwarded-Proto) never gets a cookie without them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator, SeedClient } from '@cognito-connect/emulator';
import { Agent as TlsDispatcher, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENSSL, selfSignedCertificate } from '../../../../test-fixtures/support/tls.js';
import { Agent } from '../support/agent.js';
import { movableDate } from '../support/clock.js';
import {
  type ForwardAuthSites,
  type ProxiedSite,
  SESSION_COOKIE,
  SHORT_LIVED_TOKENS,
  TOKEN_SECONDS,
  sealedSession,
  startForwardAuthSites,
} from '../support/forward-auth.js';
import { NGINX, binaryAvailable, startNginx } from '../support/proxies.js';
import { READER, revokeRefreshToken } from '../support/stack.js';

/** The session cookie's name on an https site: host-only, Path=/, Secure (the browser enforces all three). */
const HOST_COOKIE = `__Host-${SESSION_COOKIE}`;
const SECURE_SESSION = new RegExp(`^${HOST_COOKIE}=[\\w.-]+; Max-Age=\\d+; Path=/; HttpOnly; Secure; SameSite=Lax$`);
const SECURE_CLEARED = `${HOST_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; Secure; SameSite=Lax`;

describe.runIf(binaryAvailable(NGINX, 'nginx') && binaryAvailable(OPENSSL, 'openssl'))(
  'https cookies through nginx terminating TLS',
  () => {
    let stack: ForwardAuthSites<'tls'>;
    let emulator: Emulator;
    let client: SeedClient;
    let nginx: ProxiedSite['proxy'];
    let site: string;
    let gatewayPort: number;
    let dispatcher: TlsDispatcher;
    let certDir: string;
    /** Node's fetch (undici's) trusting only the test's certificate: no NODE_TLS_REJECT_UNAUTHORIZED. */
    const tlsFetch: typeof fetch = (input, init) =>
      undiciFetch(input as string, { ...(init as object), dispatcher }) as unknown as Promise<Response>;

    beforeAll(async () => {
      certDir = mkdtempSync(join(tmpdir(), 'cc-tls-'));
      const { certFile, keyFile, pem } = selfSignedCertificate(certDir);
      dispatcher = new TlsDispatcher({ connect: { ca: pem } });
      stack = await startForwardAuthSites({
        variants: ['tls'],
        proxy: (at) => startNginx(at, 'always', { certFile, keyFile, fetch: tlsFetch }),
        app: (req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`200 ${req.url} for ${String(req.headers['x-auth-request-user'] ?? '')}`);
        },
        clientName: 'TLS forward-auth',
        clientSettings: SHORT_LIVED_TOKENS,
        scheme: 'https',
      });
      ({ emulator, client } = stack);
      ({ url: site, gatewayPort, proxy: nginx } = stack.sites.tls);
    }, 120_000);

    afterAll(async () => {
      await stack?.stop();
      await dispatcher?.close();
      rmSync(certDir, { recursive: true, force: true });
    });

    const advance = movableDate();

    /** Signs the reader in over https through nginx; returns the agent and the hops' Set-Cookie headers. */
    async function signIn(): Promise<{ agent: Agent; setCookies: string[] }> {
      const agent = new Agent(tlsFetch);
      const form = await agent.navigate(`${site}/docs/start`);
      expect(form.url.startsWith(emulator.url)).toBe(true);
      const landed = await agent.signIn(form, READER.username, READER.password);
      expect(landed.url).toBe(`${site}/docs/start`);
      expect(landed.body).toBe(`200 /docs/start for ${READER.email}`);
      return { agent, setCookies: [...form.hops, ...landed.hops].flatMap((hop) => hop.setCookies) };
    }

    const sessionCookie = (agent: Agent) => agent.cookies(site)[HOST_COOKIE] as string;

    it('signs in with a __Host- Secure session cookie and a Secure transaction cookie', async () => {
      expect(nginx.url).toBe(site);
      const { agent, setCookies } = await signIn();
      const ours = setCookies.filter((header) => header.includes(SESSION_COOKIE));
      expect(ours.length).toBeGreaterThanOrEqual(2);
      for (const header of ours) {
        expect(header).toMatch(/^__(Host|Secure)-/);
        expect(header).toContain('; Secure;');
      }
      expect(ours.filter((header) => SECURE_SESSION.test(header))).toHaveLength(1);
      expect(agent.cookies(site)[SESSION_COOKIE]).toBeUndefined();
      expect(await sealedSession(sessionCookie(agent))).toHaveProperty('r');
    });

    it('renews the session through nginx with the same attributes, and deletes it once the refresh token is revoked', async () => {
      const { agent } = await signIn();
      const first = sessionCookie(agent);
      advance(TOKEN_SECONDS - 30);
      const renewed = await agent.request(`${site}/docs/next`);
      expect(renewed.status).toBe(200);
      expect(renewed.headers.getSetCookie()).toHaveLength(1);
      expect(renewed.headers.getSetCookie()[0]).toMatch(SECURE_SESSION);
      expect(sessionCookie(agent)).not.toBe(first);

      expect(await revokeRefreshToken(emulator, client, (await sealedSession(sessionCookie(agent))).r)).toBe(200);
      advance(TOKEN_SECONDS - 30);
      const refused = await agent.request(`${site}/docs/secret`);
      expect(refused.status).toBe(302);
      expect(new URL(refused.headers.get('location') as string).pathname).toBe('/oauth2/authorize');
      expect(refused.headers.getSetCookie()).toContain(SECURE_CLEARED);
      expect(sessionCookie(agent)).toBeUndefined();
    });

    it('answers plain HTTP straight to the gateway with the https cookies only, whatever X-Forwarded-Proto says', async () => {
      const { agent } = await signIn();
      const sealed = sessionCookie(agent);
      const direct = `http://127.0.0.1:${gatewayPort}`;
      const check = (cookie: string, headers: Record<string, string> = {}) =>
        fetch(`${direct}/_auth/check`, { headers: { cookie, ...headers } });

      // The session cookie counts under its https name only; the same value under the plain name is no session,
      // and the gateway deletes nothing it did not write (no Set-Cookie at all, least of all a non-Secure one).
      expect((await check(`${HOST_COOKIE}=${sealed}`)).status).toBe(200);
      const plainName = await check(`${SESSION_COOKIE}=${sealed}`, { 'x-forwarded-proto': 'http' });
      expect(plainName.status).toBe(401);
      expect(plainName.headers.getSetCookie()).toEqual([]);

      // A renewal asked for over plain HTTP, with a client's X-Forwarded-Proto: http, is still __Host- and Secure.
      advance(TOKEN_SECONDS - 30);
      const renewal = await check(`${HOST_COOKIE}=${sealed}`, { 'x-forwarded-proto': 'http' });
      expect(renewal.status).toBe(200);
      expect(renewal.headers.getSetCookie()).toHaveLength(1);
      expect(renewal.headers.getSetCookie()[0]).toMatch(SECURE_SESSION);
      const forged = await check(`${HOST_COOKIE}=forged.value`, { 'x-forwarded-proto': 'http' });
      expect(forged.headers.getSetCookie()).toEqual([SECURE_CLEARED]);

      // Sign-in started over plain HTTP: a Secure, prefixed transaction cookie, and the https callback.
      const login = await fetch(`${direct}/_auth/login?rd=${site}/docs/x`, {
        headers: { 'x-forwarded-proto': 'http' },
        redirect: 'manual',
      });
      expect(login.status).toBe(302);
      const authorize = new URL(login.headers.get('location') as string);
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${site}/_auth/callback`);
      const tx = login.headers.getSetCookie();
      expect(tx).toHaveLength(1);
      expect(tx[0]).toMatch(/^__(Host|Secure)-cc-visitor-tx=[^;]+; .*HttpOnly; Secure; SameSite=Lax$/);
    });
  },
);
