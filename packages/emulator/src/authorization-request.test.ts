// Authorization-request validation in Cognito's order: untrusted client or redirect URI first (/error), then OAuth errors (redirect).
import { describe, expect, it } from 'vitest';
import { parseAuthorizationRequest, providerLinks } from './authorization-request.js';
import { clientSchema } from './seed.js';
import { UserPool } from './user-pool.js';

const CB = 'https://app.example/cb';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

function pool(): UserPool {
  const p = new UserPool('us-east-1_Test', 'test', 'us-east-1');
  p.clients.set(
    'conf',
    clientSchema.parse({
      clientId: 'conf',
      clientSecret: 'secret',
      name: 'Conf',
      callbackUrls: [CB],
      supportedIdentityProviders: ['COGNITO', 'Corp'],
    }),
  );
  p.clients.set(
    'pub',
    clientSchema.parse({ clientId: 'pub', name: 'Pub', callbackUrls: [CB], allowedOAuthScopes: ['openid'] }),
  );
  p.clients.set(
    'strict',
    clientSchema.parse({ clientId: 'strict', name: 'Strict', callbackUrls: [CB], requirePkce: true }),
  );
  p.clients.set(
    'spa',
    clientSchema.parse({ clientId: 'spa', name: 'Spa', callbackUrls: [CB], allowedOAuthFlows: ['code', 'implicit'] }),
  );
  p.clients.set(
    'only',
    clientSchema.parse({
      clientId: 'only',
      clientSecret: 's',
      name: 'Only',
      callbackUrls: [CB],
      supportedIdentityProviders: ['Corp'],
    }),
  );
  p.identityProviders.set('Corp', {
    name: 'Corp',
    type: 'OIDC',
    issuer: 'https://idp.example',
    clientId: 'c',
    clientSecret: 's',
    authorizeScopes: 'openid',
    attributeMapping: {},
    identifiers: ['corp.example'],
  });
  return p;
}

const parse = (params: Record<string, string>) =>
  parseAuthorizationRequest(new URLSearchParams({ response_type: 'code', redirect_uri: CB, ...params }), pool());
const redirectError = (params: Record<string, string>) => {
  const outcome = parse(params);
  if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`);
  return new URL(outcome.location).searchParams;
};

describe('parseAuthorizationRequest', () => {
  it('never redirects for an unknown client or unregistered redirect_uri, even with other errors present', () => {
    expect(parse({ client_id: 'nope', response_type: 'token' })).toEqual({
      kind: 'mismatch',
      clientId: 'nope',
      redirectUri: CB,
    });
    expect(parse({ client_id: 'conf', redirect_uri: 'https://evil.example/cb', response_type: 'token' })).toEqual({
      kind: 'mismatch',
      clientId: 'conf',
      redirectUri: 'https://evil.example/cb',
    });
    expect(parseAuthorizationRequest(new URLSearchParams({ client_id: 'conf' }), pool())).toEqual({
      kind: 'mismatch',
      clientId: 'conf',
      redirectUri: undefined,
    });
  });

  it('redirects OAuth errors with state', () => {
    expect(
      Object.fromEntries(redirectError({ client_id: 'conf', response_type: 'code id_token', state: 'st' })),
    ).toMatchObject({ error: 'unsupported_response_type', state: 'st' });
    expect(redirectError({ client_id: 'conf', response_type: 'token' }).get('error')).toBe('unauthorized_client');
    expect(redirectError({ client_id: 'conf', scope: 'openid admin' }).get('error')).toBe('invalid_scope');
    expect(redirectError({ client_id: 'strict' }).get('error')).toBe('invalid_request');
    expect(redirectError({ client_id: 'pub', code_challenge: CHALLENGE }).get('error_description')).toContain('S256');
    expect(
      redirectError({ client_id: 'pub', code_challenge: 'short', code_challenge_method: 'S256' }).get('error'),
    ).toBe('invalid_request');
    expect(
      redirectError({
        client_id: 'pub',
        code_challenge: CHALLENGE,
        code_challenge_method: 'S256',
        identity_provider: 'Corp',
      }).get('error'),
    ).toBe('invalid_request');
  });

  it('accepts a code flow without PKCE from a public client (as Cognito does) unless it has requirePkce', () => {
    expect(parse({ client_id: 'pub' })).toMatchObject({ kind: 'ok', request: { codeChallenge: undefined } });
    expect(parse({ client_id: 'strict', code_challenge: CHALLENGE, code_challenge_method: 'S256' })).toMatchObject({
      kind: 'ok',
      request: { codeChallenge: CHALLENGE },
    });
  });

  it('accepts response_type=token from a client with the implicit flow, ignoring PKCE parameters', () => {
    expect(parse({ client_id: 'spa', response_type: 'token', code_challenge_method: 'plain' })).toMatchObject({
      kind: 'ok',
      request: { responseType: 'token', codeChallenge: undefined },
    });
    expect(parse({ client_id: 'spa' })).toMatchObject({ kind: 'ok', request: { responseType: 'code' } });
  });

  it('defaults scopes to everything allowed and keeps state, nonce, prompt and login_hint', () => {
    const outcome = parse({ client_id: 'conf', state: 's', nonce: 'n', prompt: 'login', login_hint: 'al' });
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.request).toMatchObject({
      scopes: ['openid', 'email', 'profile'],
      state: 's',
      nonce: 'n',
      prompt: 'login',
      loginHint: 'al',
      codeChallenge: undefined,
      identityProvider: undefined,
    });
  });

  it('resolves identity_provider, idp_identifier (case-insensitive) and a client’s only provider', () => {
    for (const params of [{ identity_provider: 'Corp' }, { idp_identifier: 'CORP.example' }] as Record<
      string,
      string
    >[]) {
      const outcome = parse({ client_id: 'conf', ...params });
      expect(outcome.kind === 'ok' && outcome.request.identityProvider?.name).toBe('Corp');
    }
    const only = parse({ client_id: 'only' });
    expect(only.kind === 'ok' && only.request.identityProvider?.name).toBe('Corp');
    const cognito = parse({ client_id: 'conf', identity_provider: 'COGNITO' });
    expect(cognito.kind === 'ok' && cognito.request.identityProvider).toBeUndefined();
  });

  it('builds one provider button per external provider, without prompt', () => {
    const outcome = parse({ client_id: 'conf', prompt: 'login', state: 'x' });
    if (outcome.kind !== 'ok') throw new Error('expected ok');
    const [link] = providerLinks(outcome.request, outcome.client);
    const href = new URL(link?.href ?? '', 'http://emulator');
    expect(href.pathname).toBe('/oauth2/authorize');
    expect(href.searchParams.get('identity_provider')).toBe('Corp');
    expect(href.searchParams.get('prompt')).toBeNull();
    expect(href.searchParams.get('state')).toBe('x');
  });
});
