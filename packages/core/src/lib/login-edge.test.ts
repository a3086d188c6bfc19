// The login edge in-process: start sets the transaction cookie, callback refuses without it, logout needs a same-origin POST.
import { describe, expect, it } from 'vitest';
import { bindingChallenge } from './binding.js';
import { createCognito } from './client.js';
import { createLoginEdge } from './login-edge.js';

const client = createCognito({
  userPoolId: 'eu-west-1_AbC123xyZ',
  domain: 'acme',
  clientId: 'client123',
  redirectUri: 'https://app.example.com/auth/callback',
  logoutUri: 'https://app.example.com/',
  transactionSecret: 'transaction-secret-0123456789abcdef0123',
});
const edge = createLoginEdge(client, { bindBrowser: true, paths: { login: '/auth/login' } });
// A host shared with other apps scopes the cookies to the callback's folder: __Secure-, not __Host-.
const folderEdge = createLoginEdge(client, { cookiePath: '/auth/' });

describe('createLoginEdge', () => {
  it('starts a login with the sealed transaction and a binding cookie, both __Host- (no sibling subdomain sets them)', async () => {
    const response = await edge.start(new Request('http://10.0.0.1/auth/login'), { returnTo: '/x' });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location') as string).pathname).toBe('/oauth2/authorize');
    const [tx, binding] = response.headers.getSetCookie();
    expect(tx).toMatch(/^__Host-cognito-tx=[\w.-]+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(binding).toMatch(/^__Host-cognito-binding=[\w-]{43}; Max-Age=600; Path=\/; HttpOnly; Secure/);
    const verifier = edge.bindingVerifier(
      new Request('https://app.example.com/auth/exchange', {
        headers: { cookie: (binding as string).split(';')[0] as string },
      }),
    );
    expect(verifier).toHaveLength(43);
    expect(await bindingChallenge(verifier as string)).toHaveLength(43);
  });

  it('refuses a callback without its transaction, clearing it, with a sign-in-again link', async () => {
    const outcome = await edge.callback(new Request('https://app.example.com/auth/callback?code=c&state=s'));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatchObject({ code: 'FLOW_TRANSACTION_INVALID' });
    expect(outcome.response.status).toBe(400);
    expect(outcome.response.headers.getSetCookie()[0]).toMatch(/^__Host-cognito-tx=; Max-Age=0;/);
    expect(await outcome.response.text()).toContain('href="/auth/login"');
  });

  it('scopes the cookies to a folder when asked (a shared host), as __Secure- there', async () => {
    const response = await folderEdge.start(new Request('https://app.example.com/auth/login'));
    expect(response.headers.getSetCookie()[0]).toMatch(/^__Secure-cognito-tx=[\w.-]+; Max-Age=600; Path=\/auth\/;/);
    // The transaction it reads back is the folder's, not a __Host- one.
    const outcome = await folderEdge.callback(
      new Request('https://app.example.com/auth/callback?code=c&state=s', {
        headers: { cookie: '__Host-cognito-tx=planted' },
      }),
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'FLOW_TRANSACTION_INVALID' } });
  });

  it('confirms a GET logout, refuses a cross-site POST, and ends the session on a same-origin POST', async () => {
    const url = 'https://app.example.com/auth/logout';
    const confirm = await edge.logout(new Request(url), { cookies: ['s=; Max-Age=0'] });
    expect(confirm.status).toBe(200);
    expect(confirm.headers.getSetCookie()).toEqual([]);
    const cross = await edge.logout(
      new Request(url, { method: 'POST', headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } }),
      { cookies: ['s=; Max-Age=0'] },
    );
    expect(cross.status).toBe(403);
    expect(cross.headers.getSetCookie()).toEqual([]);
    let ran = false;
    const same = await edge.logout(
      new Request(url, {
        method: 'POST',
        headers: { origin: 'https://app.example.com', 'sec-fetch-site': 'same-origin' },
      }),
      { cookies: ['s=; Max-Age=0'], onLogout: () => void (ran = true) },
    );
    expect(same.status).toBe(303);
    expect(same.headers.get('location')).toBe(client.logoutUrl());
    expect(same.headers.getSetCookie()).toEqual(['s=; Max-Age=0']);
    expect(ran).toBe(true);
    expect((await edge.logout(new Request(url, { method: 'DELETE' }))).status).toBe(405);
  });
});
