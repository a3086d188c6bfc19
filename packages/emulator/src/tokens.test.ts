// Token details that are easy to get subtly wrong: at_hash, booleans in the ID token, and access-token checks.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { Clock } from './clock.js';
import { KeyRing } from './keys.js';
import { clientSchema } from './seed.js';
import { TokenIssuer, TokenRejected, atHash, type Grant } from './tokens.js';
import { UserPool, type User } from './user-pool.js';

describe('atHash', () => {
  it('matches the OpenID Connect Core example', () => {
    // OpenID Connect Core 1.0, appendix A.3 (access token jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y).
    expect(atHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
  });
});

describe('TokenIssuer', () => {
  const setup = async () => {
    const clock = new Clock();
    const pool = new UserPool('us-east-1_Test', 'test', 'us-east-1');
    pool.groups.set('b-team', { name: 'b-team', precedence: 2 });
    pool.groups.set('a-team', { name: 'a-team', precedence: 2 });
    pool.groups.set('first', { name: 'first', precedence: 0 });
    const client = clientSchema.parse({ clientId: 'app', name: 'App', callbackUrls: ['https://a.example/cb'] });
    const user: User = {
      username: 'u',
      password: 'p',
      sub: 'sub-1',
      attributes: { email_verified: 'true', phone_number_verified: 'false', 'custom:n': '7' },
      groups: new Set(['b-team', 'a-team', 'first']),
      enabled: true,
      identities: undefined,
    };
    const issuer = new TokenIssuer(pool, await KeyRing.create(), clock, () => 'http://127.0.0.1:1/us-east-1_Test');
    const grant: Grant = {
      clientId: 'app',
      username: 'u',
      scopes: ['openid', 'email'],
      authTime: clock.epochSeconds(),
      eventId: 'e',
      originJti: 'o',
    };
    return { clock, client, user, issuer, grant };
  };

  it('writes verified flags as booleans, other attributes as strings, groups by precedence', async () => {
    const { client, user, issuer, grant } = await setup();
    const { idToken, accessToken } = await issuer.userTokens(grant, user, client, 'nonce');
    const id = decodeJwt(idToken as string);
    expect(id).toMatchObject({
      email_verified: true,
      phone_number_verified: false,
      'custom:n': '7',
      nonce: 'nonce',
      'cognito:groups': ['first', 'a-team', 'b-team'],
      at_hash: atHash(accessToken),
    });
    await expect(issuer.verifyAccessToken(accessToken)).resolves.toMatchObject({ username: 'u', client_id: 'app' });
  });

  it('rejects ID tokens, expired tokens and tampered tokens as access tokens', async () => {
    const { clock, client, user, issuer, grant } = await setup();
    const { idToken, accessToken } = await issuer.userTokens(grant, user, client);
    await expect(issuer.verifyAccessToken(idToken as string)).rejects.toThrow(TokenRejected);
    const [h, p, s] = accessToken.split('.');
    await expect(issuer.verifyAccessToken(`${h}.${p}x.${s}`)).rejects.toThrow(TokenRejected);
    clock.advance(client.tokenValidity.accessToken + 1);
    await expect(issuer.verifyAccessToken(accessToken)).rejects.toThrow(/expired/);
  });
});
