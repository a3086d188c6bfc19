// Federation for real: panva's oidc-provider as the external IdP, the emulator as its relying party, the app getting Cognito tokens.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, followRedirects, signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';
import { startStandInIdp, type Emulator, type Identity } from '../../src/index.js';
import { CALLBACK, authorizeUrl, claimsOf, exchange, getManual, pkce, startSeeded, type SignedIn } from '../support.js';

const accounts: Record<string, Record<string, unknown>> = {
  'erin-0001': { email: 'erin@idp.example', email_verified: true, given_name: 'Erin', family_name: 'External' },
};

let emulator: Emulator;
let idpServer: Server;
let idpIssuer: string;
let clientId: string;
let clientSecret: string;

/** Starts oidc-provider on port 0 with one client: the emulator, returning to its /oauth2/idpresponse. */
async function startOidcProvider(redirectUri: string): Promise<void> {
  idpServer = createServer();
  await new Promise<void>((resolve) => idpServer.listen(0, '127.0.0.1', resolve));
  idpIssuer = `http://127.0.0.1:${(idpServer.address() as AddressInfo).port}`;
  const provider = new Provider(idpIssuer, {
    clients: [
      {
        client_id: 'emulator-rp',
        client_secret: 'emulator-rp-secret-0123456789abcdef',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) }),
    cookies: { keys: ['federation-test-cookie-key-0123456789'] },
    pkce: { required: () => true },
    // Consent is not what this test is about: grant what the emulator asks for.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        accountId: ctx.oidc.session.accountId,
        clientId: ctx.oidc.client.clientId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  idpServer.on('request', provider.callback());
  clientId = 'emulator-rp';
  clientSecret = 'emulator-rp-secret-0123456789abcdef';
}

beforeAll(async () => {
  emulator = await startSeeded();
  await startOidcProvider(`${emulator.url}/oauth2/idpresponse`);
  await emulator.admin.addIdentityProvider({
    name: 'Panva',
    type: 'OIDC',
    issuer: idpIssuer,
    clientId,
    clientSecret,
    authorizeScopes: 'openid email profile',
    attributeMapping: {
      email: 'email',
      email_verified: 'email_verified',
      given_name: 'given_name',
      family_name: 'family_name',
    },
    identifiers: ['idp.example'],
  });
  emulator.admin.addClient({
    clientId: 'federating_app',
    name: 'Federating App',
    generateSecret: true,
    callbackUrls: [CALLBACK],
    supportedIdentityProviders: ['COGNITO', 'Panva', 'ExampleIdP'],
  });
});

afterAll(async () => {
  await emulator.stop();
  idpServer.closeAllConnections();
  await new Promise((resolve) => idpServer.close(resolve));
});

/** Walks the redirects, filling oidc-provider's dev login form (or cancelling it) on the way. */
async function throughIdp(
  start: string,
  login: string,
  jar = new CookieJar(),
  cancel = false,
): Promise<{ callback: URL; hops: URL[] }> {
  const hops: URL[] = [];
  let url = start;
  for (let hop = 0; hop < 20; hop++) {
    hops.push(new URL(url));
    if (url.startsWith(CALLBACK)) return { callback: new URL(url), hops };
    const response = await getManual(url, { cookie: jar.header(url) });
    jar.store(response, url);
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location') as string, url).href;
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (response.status !== 200 || !action) throw new Error(`stuck at ${url} (${response.status})`);
    if (cancel) {
      url = new URL(`${new URL(action, url).pathname}/abort`, url).href;
      continue;
    }
    const submit = new URL(action, url).href;
    const posted = await fetch(submit, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(submit) },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any' }),
    });
    jar.store(posted, submit);
    url = new URL(posted.headers.get('location') as string, submit).href;
  }
  throw new Error('too many redirects');
}

async function federatedSignIn(params: Record<string, string>, login = 'erin-0001', jar?: CookieJar) {
  const { verifier, challenge } = pkce();
  const start = authorizeUrl(emulator, {
    client_id: 'federating_app',
    state: 'app-state',
    nonce: 'app-nonce',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  });
  const { callback, hops } = await throughIdp(start, login, jar);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback.search}`);
  const signed: SignedIn = { code, verifier, state: callback.searchParams.get('state'), location: callback };
  const secret = emulator.settingsFor('federating_app').clientSecret as string;
  return { tokens: await exchange(emulator, signed, { clientId: 'federating_app', secret }), hops, callback };
}

describe('federation through oidc-provider', () => {
  it('signs in with identity_provider, verifies the IdP, and issues Cognito tokens for <Provider>_<sub>', async () => {
    const { tokens, hops, callback } = await federatedSignIn({ identity_provider: 'Panva' });
    expect(callback.searchParams.get('state')).toBe('app-state');

    const toIdp = hops.find((u) => u.origin === idpIssuer && u.pathname === '/auth');
    expect(toIdp?.searchParams.get('redirect_uri')).toBe(`${emulator.url}/oauth2/idpresponse`);
    expect(toIdp?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(toIdp?.searchParams.get('nonce')).toBeTruthy();
    expect(toIdp?.searchParams.get('state')).not.toBe('app-state');
    expect(toIdp?.searchParams.get('scope')).toBe('openid email profile');

    const id = claimsOf(tokens.id_token as string);
    expect(id).toMatchObject({
      'cognito:username': 'Panva_erin-0001',
      'cognito:groups': [`${emulator.userPoolId}_Panva`],
      email: 'erin@idp.example',
      email_verified: true,
      given_name: 'Erin',
      nonce: 'app-nonce',
      iss: emulator.issuer,
    });
    const identities = id.identities as Identity[];
    expect(identities).toEqual([
      {
        userId: 'erin-0001',
        providerName: 'Panva',
        providerType: 'OIDC',
        issuer: null,
        primary: 'true',
        dateCreated: expect.stringMatching(/^\d{13}$/),
      },
    ]);
    expect(claimsOf(tokens.access_token).username).toBe('Panva_erin-0001');

    const info = (await (
      await fetch(`${emulator.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })
    ).json()) as Record<string, string>;
    expect(info).toMatchObject({ username: 'Panva_erin-0001', email: 'erin@idp.example', email_verified: 'true' });
    expect(JSON.parse(info.identities as string)).toEqual(identities);
  });

  it('updates the federated user on the next sign-in, keeping its sub, and routes by idp_identifier', async () => {
    const before = emulator.admin.getUser('Panva_erin-0001');
    accounts['erin-0001'] = { ...accounts['erin-0001'], given_name: 'Erin-Renamed' };
    const { tokens } = await federatedSignIn({ idp_identifier: 'IDP.example' });
    const id = claimsOf(tokens.id_token as string);
    expect(id.given_name).toBe('Erin-Renamed');
    expect(id.sub).toBe(before?.sub);
  });

  it('keeps a hosted-UI session after federating, and refuses a password sign-in for the federated user', async () => {
    const jar = new CookieJar();
    await federatedSignIn({ identity_provider: 'Panva' }, 'erin-0001', jar);
    const { challenge } = pkce();
    const again = await followRedirects(
      authorizeUrl(emulator, { client_id: 'federating_app', code_challenge: challenge, code_challenge_method: 'S256' }),
      jar,
      (u) => u.startsWith(CALLBACK),
    );
    expect(new URL(again).searchParams.get('code')).toBeTruthy();
    const password = await signInWithHostedUi(authorizeUrl(emulator, { client_id: 'federating_app' }), {
      username: 'Panva_erin-0001',
      password: 'any',
    });
    expect(password.page).toContain('Incorrect username or password.');
  });

  it('sends the app access_denied (with its state) when the user cancels at the IdP', async () => {
    const { challenge } = pkce();
    const start = authorizeUrl(emulator, {
      client_id: 'federating_app',
      identity_provider: 'Panva',
      state: 'cancelled',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const { callback } = await throughIdp(start, 'erin-0001', new CookieJar(), true);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('cancelled');
  });

  it('refuses an unknown or replayed state at /oauth2/idpresponse with an error page', async () => {
    const response = await getManual(`${emulator.url}/oauth2/idpresponse?code=abc&state=forged`);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('stand-in identity providers', () => {
  it('federates with the seed’s hosted stand-in without any form', async () => {
    const jar = new CookieJar();
    const { verifier, challenge } = pkce();
    const callback = new URL(
      await followRedirects(
        authorizeUrl(emulator, {
          client_id: 'federating_app',
          identity_provider: 'ExampleIdP',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
        jar,
        (u) => u.startsWith(CALLBACK),
      ),
    );
    const secret = emulator.settingsFor('federating_app').clientSecret as string;
    const tokens = await exchange(
      emulator,
      { code: callback.searchParams.get('code') as string, verifier, state: null, location: callback },
      { clientId: 'federating_app', secret },
    );
    expect(claimsOf(tokens.id_token as string)).toMatchObject({
      'cognito:username': 'ExampleIdP_idp-user-0001',
      email: 'dana@example.org',
      given_name: 'Dana',
    });
    expect(emulator.identityProviderNames).toEqual(expect.arrayContaining(['ExampleIdP', 'Panva']));
  });

  it('works as a stand-alone provider from startStandInIdp, signing in its first user', async () => {
    const standIn = await startStandInIdp({
      users: [
        { sub: 'first', email: 'first@standin.example' },
        { sub: 'second', email: 'second@standin.example', email_verified: true },
      ],
    });
    try {
      await emulator.admin.addIdentityProvider({
        name: 'Standalone',
        type: 'OIDC',
        issuer: standIn.issuer,
        clientId: standIn.clientId,
        clientSecret: standIn.clientSecret,
      });
      const client = emulator.admin.addClient({
        name: 'standalone app',
        callbackUrls: [CALLBACK],
        supportedIdentityProviders: ['Standalone'],
      });
      const { verifier, challenge } = pkce();
      // The only provider of this client: no identity_provider needed, Cognito goes straight there.
      const start = authorizeUrl(emulator, {
        client_id: client.clientId,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      const callback = new URL(await followRedirects(start, new CookieJar(), (u) => u.startsWith(CALLBACK)));
      const tokens = await exchange(
        emulator,
        { code: callback.searchParams.get('code') as string, verifier, state: null, location: callback },
        { clientId: client.clientId },
      );
      expect(claimsOf(tokens.id_token as string)).toMatchObject({
        'cognito:username': 'Standalone_first',
        email: 'first@standin.example',
      });
    } finally {
      await standIn.stop();
    }
  });

  it('picks another stand-in user by login_hint', async () => {
    const redirectUri = 'http://127.0.0.1:4999/oauth2/idpresponse';
    const standIn = await startStandInIdp({
      users: [{ sub: 'first' }, { sub: 'second', email: 'second@standin.example' }],
      clientSecret: 'standin-secret-0000',
    });
    try {
      const authorize = await getManual(
        `${standIn.issuer}/authorize?${new URLSearchParams({ client_id: standIn.clientId, redirect_uri: redirectUri, response_type: 'code', login_hint: 'second@standin.example', nonce: 'n' })}`,
      );
      const code = new URL(authorize.headers.get('location') as string).searchParams.get('code') as string;
      const token = await fetch(`${standIn.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: standIn.clientId,
          client_secret: 'standin-secret-0000',
        }),
      });
      const { id_token } = (await token.json()) as { id_token: string };
      expect(claimsOf(id_token)).toMatchObject({
        sub: 'second',
        email: 'second@standin.example',
        nonce: 'n',
        iss: standIn.issuer,
        aud: standIn.clientId,
      });
    } finally {
      await standIn.stop();
    }
  });

  it('sends the app invalid_request when the provider cannot be reached', async () => {
    const closed = await startStandInIdp({ users: [{ sub: 'x' }] });
    await closed.stop();
    await emulator.admin.addIdentityProvider({
      name: 'Gone',
      type: 'OIDC',
      issuer: closed.issuer,
      clientId: closed.clientId,
      clientSecret: closed.clientSecret,
    });
    const client = emulator.admin.addClient({
      name: 'gone app',
      generateSecret: true,
      callbackUrls: [CALLBACK],
      supportedIdentityProviders: ['COGNITO', 'Gone'],
    });
    const response = await getManual(
      authorizeUrl(emulator, { client_id: client.clientId, identity_provider: 'Gone', state: 'g' }),
    );
    const location = new URL(response.headers.get('location') as string);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('g');
  });
});
