// Attack: an admin allowed to edit Settings > Providers (not the server's config) points the Host URI at their own server
// while the client secret stays in config/plugins, to collect that secret from the token request (and the users' passwords
// on a look-alike sign-in page).
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Visitor, errorCode } from '../support/browser.js';
import { type Stack, startStack } from '../support/stack.js';

/** The attacker's "Cognito domain": sends every authorize straight back with a code, and records what reaches it. */
function startAttackerDomain(seen: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    const url = new URL(req.url ?? '/', 'http://attacker');
    if (url.pathname === '/oauth2/authorize') {
      const back = new URL(url.searchParams.get('redirect_uri') as string);
      back.search = new URLSearchParams({
        code: 'attacker-code',
        state: url.searchParams.get('state') ?? '',
      }).toString();
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push(body);
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"invalid_grant"}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the Providers page with the client secret in config', () => {
  let stack: Stack;
  let attacker: Server;
  const seen: string[] = [];

  beforeAll(async () => {
    attacker = await startAttackerDomain(seen);
    // The deployer keeps the secret (and the client ID) in config and leaves the domain to the Providers page.
    stack = await startStack({ beforeLoad: () => void (process.env.COGNITO_DOMAIN = '') });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => attacker?.close(resolve));
  });

  it('never sends the secret from config to a Host URI typed on the page', async () => {
    const store = stack.strapi.store({ type: 'plugin', name: 'users-permissions' });
    const grant = await store.get({ key: 'grant' });
    const evil = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    // What Save on Settings > Users & Permissions > Providers > Cognito stores (its API takes any text here).
    await store.set({
      key: 'grant',
      value: { ...grant, cognito: { ...grant.cognito, enabled: true, subdomain: evil } },
    });

    const visitor = new Visitor();
    const login = await visitor.get(`${stack.url}/api/cognito-connect/login`);
    const location = login.headers.get('location') ?? '';
    if (location.startsWith(evil)) {
      // Follow it as a browser would: the attacker's authorize comes straight back to the callback with a code.
      const authorize = await fetch(location, { redirect: 'manual' });
      await visitor.get(authorize.headers.get('location') as string);
    }
    const secret = stack.client.clientSecret as string;
    expect(seen.join('\n')).not.toContain(btoa(`${stack.client.clientId}:${secret}`));
    expect(seen.join('\n')).not.toContain(secret);
    expect(seen).toEqual([]);
    expect(login.status).toBe(500);
    expect(await errorCode(login)).toBe('PROVIDER_NOT_CONFIGURED');
  });
});
