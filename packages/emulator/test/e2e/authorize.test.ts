// /oauth2/authorize, /login and /logout over HTTP: every refusal, the form, the SSO session and sign-out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, followRedirects, signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import type { Emulator } from '../../src/index.js';
import {
  ALICE,
  CALLBACK,
  CONFIDENTIAL,
  PUBLIC_ID,
  SIGNED_OUT,
  authorizeUrl,
  claimsOf,
  exchange,
  getManual,
  pkce,
  postForm,
  signIn,
  startSeeded,
} from '../support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startSeeded();
});
afterAll(() => emulator.stop());

/** The redirect's query, asserting it goes back to the app's callback. */
async function redirectedBack(url: string): Promise<URLSearchParams> {
  const response = await getManual(url);
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') as string);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  return location.searchParams;
}

/** An HTML error page answered in place (no redirect), as /logout does for an unregistered logout_uri. */
async function pageInPlace(url: string): Promise<string> {
  const response = await getManual(url);
  expect(response.status).toBe(400);
  expect(response.headers.get('location')).toBeNull();
  expect(response.headers.get('content-type')).toContain('text/html');
  return response.text();
}

/** Follows a refused authorize request to Cognito's `/error` page (never the app) and returns its query and HTML. */
async function errorPage(url: string): Promise<{ query: URLSearchParams; page: string }> {
  const response = await getManual(url);
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') as string);
  expect(`${location.origin}${location.pathname}`).toBe(`${emulator.url}/error`);
  const page = await getManual(location.href);
  expect(page.status).toBe(400);
  expect(page.headers.get('content-type')).toContain('text/html');
  return { query: location.searchParams, page: await page.text() };
}

/** Opens the login form for a request and returns its pending id. */
async function openForm(
  url: string,
  jar = new CookieJar(),
): Promise<{ page: string; pending: string; response: Response }> {
  let current = url;
  for (;;) {
    const response = await getManual(current, { cookie: jar.header(current) });
    if (response.status === 302) {
      current = new URL(response.headers.get('location') as string, current).href;
      continue;
    }
    const page = await response.text();
    return { page, pending: /name="pending" value="([^"]+)"/.exec(page)?.[1] ?? '', response };
  }
}

describe('refusals that never reach the app', () => {
  it('sends an unknown or missing client_id to /error?error=redirect_mismatch&client_id=…', async () => {
    const unknown = await errorPage(authorizeUrl(emulator, { client_id: 'nope' }));
    expect(Object.fromEntries(unknown.query)).toMatchObject({ error: 'redirect_mismatch', client_id: 'nope' });
    expect(unknown.page).toContain('no app client has this client_id');
    const missing = await errorPage(
      `${emulator.url}/oauth2/authorize?response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}`,
    );
    expect(missing.query.get('client_id')).toBe('');
    expect(missing.page).toContain('client_id is missing');
  });

  it('sends a redirect_uri that is not registered, however close, to /error and shows what was sent', async () => {
    for (const redirect of [
      'https://evil.example/cb',
      `${CALLBACK}/`,
      `${CALLBACK}?x=1`,
      'http://127.0.0.1:4999/auth/CALLBACK',
    ]) {
      const { query, page } = await errorPage(
        authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, redirect_uri: redirect }),
      );
      expect(Object.fromEntries(query)).toMatchObject({ error: 'redirect_mismatch', client_id: CONFIDENTIAL.id });
      expect(page).toContain('redirect_mismatch');
      expect(page).toContain(`<code id="sentRedirectUri">${redirect.replace(/&/g, '&amp;')}</code>`);
    }
    const { page } = await errorPage(
      `${emulator.url}/oauth2/authorize?response_type=code&client_id=${CONFIDENTIAL.id}`,
    );
    expect(page).toContain('redirect_uri is missing');
  });

  it('quotes a hostile redirect_uri escaped, without control characters and bounded', async () => {
    const hostile = `https://evil.example/"><script>alert(1)</script>\u0000\r\n${'x'.repeat(2000)}`;
    const { page } = await errorPage(authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, redirect_uri: hostile }));
    const quoted = /<code id="sentRedirectUri">([^<]*)<\/code>/.exec(page)?.[1] ?? '';
    expect(quoted.startsWith('https://evil.example/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;xxx')).toBe(true);
    expect(quoted.endsWith('x…')).toBe(true);
    expect(quoted.length).toBeLessThan(600);
    expect(page).not.toContain('<script>');
  });
});

describe('OAuth errors sent back to the client', () => {
  it('refuses response types other than code and token, and token for a client without the implicit flow', async () => {
    const other = await redirectedBack(
      authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, response_type: 'id_token', state: 's1' }),
    );
    expect(Object.fromEntries(other)).toMatchObject({ error: 'unsupported_response_type', state: 's1' });
    const implicit = await redirectedBack(
      authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, response_type: 'token', state: 's1' }),
    );
    expect(Object.fromEntries(implicit)).toMatchObject({ error: 'unauthorized_client', state: 's1' });
  });

  it('accepts a public client without PKCE, as Cognito does, and rejects plain', async () => {
    const { response } = await openForm(authorizeUrl(emulator, { client_id: PUBLIC_ID, state: 's2' }));
    expect(response.status).toBe(200);
    const plain = await redirectedBack(
      authorizeUrl(emulator, { client_id: PUBLIC_ID, code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }),
    );
    expect(plain.get('error')).toBe('invalid_request');
    expect(plain.get('error_description')).toContain('S256');
  });

  it('requires PKCE S256 for a client with requirePkce', async () => {
    const strict = emulator.admin.addClient({ name: 'strict spa', callbackUrls: [CALLBACK], requirePkce: true });
    const missing = await redirectedBack(authorizeUrl(emulator, { client_id: strict.clientId, state: 's3' }));
    expect(Object.fromEntries(missing)).toMatchObject({ error: 'invalid_request', state: 's3' });
    expect(missing.get('error_description')).toContain('PKCE');
    const { response } = await openForm(
      authorizeUrl(emulator, {
        client_id: strict.clientId,
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      }),
    );
    expect(response.status).toBe(200);
  });

  it('refuses scopes beyond the client’s allowed scopes', async () => {
    const params = await redirectedBack(
      authorizeUrl(emulator, {
        client_id: PUBLIC_ID,
        scope: 'openid phone',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      }),
    );
    expect(params.get('error')).toBe('invalid_scope');
  });

  it('refuses a client without the code flow', async () => {
    const machine = emulator.admin.addClient({
      name: 'm2m with callback',
      generateSecret: true,
      callbackUrls: [CALLBACK],
      allowedOAuthFlows: ['client_credentials'],
      allowedOAuthScopes: ['api/read'],
    });
    expect((await redirectedBack(authorizeUrl(emulator, { client_id: machine.clientId }))).get('error')).toBe(
      'unauthorized_client',
    );
  });

  it('refuses an identity provider the client does not support', async () => {
    const params = await redirectedBack(
      authorizeUrl(emulator, {
        client_id: PUBLIC_ID,
        identity_provider: 'ExampleIdP',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      }),
    );
    expect(params.get('error')).toBe('invalid_request');
  });

  it('answers prompt=none without a session with login_required', async () => {
    expect(
      (await redirectedBack(authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, prompt: 'none', state: 'n' }))).get(
        'error',
      ),
    ).toBe('login_required');
  });
});

describe('the hosted sign-in form', () => {
  it('is a real form with the client’s name, a CSP and a pre-filled login_hint', async () => {
    const { page, pending, response } = await openForm(
      authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, login_hint: 'alice' }),
    );
    expect(response.status).toBe(200);
    expect(page).toContain('Example Web App');
    expect(page).toMatch(/<form method="post" action="\/login"/);
    expect(page).toContain('name="username"');
    expect(page).toContain('value="alice"');
    expect(page).toContain('type="password"');
    expect(pending).toMatch(/^[\w-]{40,}$/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page).toContain('Continue with ExampleIdP');
  });

  it('leaves form-action open on the sign-in page, which Chromium would apply to the app’s onward redirects', async () => {
    // redirect-chain.browser.test.ts proves the chain POST /login → callback → third origin in Chromium.
    const csp = (await openForm(authorizeUrl(emulator, { client_id: CONFIDENTIAL.id }))).response.headers.get(
      'content-security-policy',
    );
    expect(csp).not.toContain('form-action');
    expect(csp).toContain("base-uri 'none'");
    const error = await getManual(`${emulator.url}/error?error=redirect_mismatch&client_id=x`);
    expect(error.headers.get('content-security-policy')).toContain("form-action 'none'");
  });

  it('re-renders with an error for a wrong password or unknown user, and refuses a disabled user', async () => {
    const url = authorizeUrl(emulator, { client_id: CONFIDENTIAL.id });
    for (const credentials of [
      { username: 'alice', password: 'wrong' },
      { username: 'nobody', password: 'x' },
    ]) {
      const result = await signInWithHostedUi(url, credentials);
      expect(result.page).toContain('Incorrect username or password.');
    }
    emulator.admin.addUser({
      username: 'dora',
      password: 'Dora-password-1',
      attributes: { email: 'dora@example.com' },
      enabled: false,
    });
    expect((await signInWithHostedUi(url, { username: 'dora', password: 'Dora-password-1' })).page).toContain(
      'User is disabled.',
    );
  });

  it('matches usernames case-insensitively, as a new Cognito pool does', async () => {
    const tokens = await exchange(
      emulator,
      await signIn(emulator, { user: { username: 'ALICE', password: ALICE.password } }),
    );
    expect(claimsOf(tokens.access_token).username).toBe('alice');
  });

  it('takes the redirect URI from the server-side request, never from the posted form', async () => {
    const { pending } = await openForm(authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, state: 'keep' }));
    const posted = await postForm(`${emulator.url}/login`, {
      pending,
      ...ALICE,
      redirect_uri: 'https://evil.example/cb',
      client_id: PUBLIC_ID,
    });
    expect(posted.status).toBe(302);
    const location = new URL(posted.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('keep');
    // The same form cannot be used twice, and a made-up one not at all.
    for (const id of [pending, 'forged-pending-id']) {
      const again = await postForm(`${emulator.url}/login`, { pending: id, ...ALICE });
      expect(again.status).toBe(400);
      expect(await again.text()).toContain('expired');
    }
  });

  it('carries state and nonce through to the code and ID token', async () => {
    const signed = await signIn(emulator, { params: { state: 'state-&-more', nonce: 'nonce-xyz' } });
    expect(signed.state).toBe('state-&-more');
    expect(claimsOf((await exchange(emulator, signed)).id_token as string).nonce).toBe('nonce-xyz');
  });

  it('grants every allowed scope when none is requested, and no ID token without openid', async () => {
    const all = await exchange(emulator, await signIn(emulator));
    expect(String(claimsOf(all.access_token).scope).split(' ').sort()).toEqual([
      'aws.cognito.signin.user.admin',
      'email',
      'openid',
      'phone',
      'profile',
    ]);
    const noOpenId = await exchange(emulator, await signIn(emulator, { params: { scope: 'email profile' } }));
    expect(noOpenId.id_token).toBeUndefined();
    expect(claimsOf(noOpenId.access_token).scope).toBe('email profile');
  });
});

describe('the hosted-UI session (SSO) and sign-out', () => {
  it('skips the form while the session lives, keeps auth_time, and obeys prompt=login', async () => {
    const jar = new CookieJar();
    const first = await signIn(emulator, { jar });
    expect(jar.get(emulator.url, 'cognito')).toBeTruthy();
    const firstTokens = await exchange(emulator, first);

    const { challenge, verifier } = pkce();
    const again = await followRedirects(
      authorizeUrl(emulator, {
        client_id: CONFIDENTIAL.id,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 'sso',
      }),
      jar,
      (u) => u.startsWith(CALLBACK),
    );
    const code = new URL(again).searchParams.get('code') as string;
    const ssoTokens = await exchange(emulator, { code, verifier, state: 'sso', location: new URL(again) });
    expect(claimsOf(ssoTokens.id_token as string).auth_time).toBe(claimsOf(firstTokens.id_token as string).auth_time);
    expect(claimsOf(ssoTokens.id_token as string).event_id).not.toBe(claimsOf(firstTokens.id_token as string).event_id);

    const forced = await openForm(authorizeUrl(emulator, { client_id: CONFIDENTIAL.id, prompt: 'login' }), jar);
    expect(forced.pending).not.toBe('');
  });

  it('does not reuse the session for a client that does not accept its provider', async () => {
    const jar = new CookieJar();
    await signIn(emulator, { jar });
    const cognitoLess = emulator.admin.addClient({
      name: 'idp only',
      generateSecret: true,
      callbackUrls: [CALLBACK],
      supportedIdentityProviders: ['ExampleIdP'],
    });
    const response = await getManual(authorizeUrl(emulator, { client_id: cognitoLess.clientId }), {
      cookie: jar.header(emulator.url),
    });
    expect(new URL(response.headers.get('location') as string).pathname).toBe('/__standin/ExampleIdP/authorize');
  });

  it('/logout clears the session and returns to a registered logout URL', async () => {
    const jar = new CookieJar();
    await signIn(emulator, { jar });
    const logout = `${emulator.url}/logout?client_id=${CONFIDENTIAL.id}&logout_uri=${encodeURIComponent(SIGNED_OUT)}`;
    const response = await getManual(logout, { cookie: jar.header(logout) });
    jar.store(response, logout);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(SIGNED_OUT);
    expect(jar.get(emulator.url, 'cognito')).toBeUndefined();
    const { pending } = await openForm(authorizeUrl(emulator, { client_id: CONFIDENTIAL.id }), jar);
    expect(pending).not.toBe('');
  });

  it('/logout with redirect_uri and response_type signs out and shows the sign-in page', async () => {
    const jar = new CookieJar();
    await signIn(emulator, { jar });
    const url = `${emulator.url}/logout?${new URLSearchParams({ client_id: CONFIDENTIAL.id, redirect_uri: CALLBACK, response_type: 'code', state: 'again' })}`;
    const response = await getManual(url, { cookie: jar.header(url) });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') as string);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('state')).toBe('again');
    const { pending } = await openForm(location.href, jar);
    expect(pending).not.toBe('');
  });

  it('/logout refuses an unregistered logout_uri or an unknown client with an error page', async () => {
    expect(
      await pageInPlace(
        `${emulator.url}/logout?client_id=${CONFIDENTIAL.id}&logout_uri=${encodeURIComponent('https://evil.example/')}`,
      ),
    ).toContain('logout_uri');
    expect(
      await pageInPlace(`${emulator.url}/logout?client_id=nope&logout_uri=${encodeURIComponent(SIGNED_OUT)}`),
    ).toContain('client_id');
    expect(await pageInPlace(`${emulator.url}/logout?client_id=${CONFIDENTIAL.id}`)).toContain('logout_uri');
  });
});
