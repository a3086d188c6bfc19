// Client authentication rules shared by the token and revoke endpoints.
import { describe, expect, it } from 'vitest';
import { authenticateClient } from './client-auth.js';
import { clientSchema } from './seed.js';
import { UserPool } from './user-pool.js';

const pool = new UserPool('us-east-1_Test', 'test', 'us-east-1');
pool.clients.set(
  'conf',
  clientSchema.parse({
    clientId: 'conf',
    clientSecret: 's3cret',
    name: 'Conf',
    callbackUrls: ['https://a.example/cb'],
  }),
);
pool.clients.set('pub', clientSchema.parse({ clientId: 'pub', name: 'Pub', callbackUrls: ['https://a.example/cb'] }));

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describe('authenticateClient', () => {
  it('accepts Basic, body credentials, and a public client without secret', () => {
    expect(authenticateClient(pool, basic('conf', 's3cret'), form({}))).toMatchObject({ ok: true });
    expect(authenticateClient(pool, undefined, form({ client_id: 'conf', client_secret: 's3cret' }))).toMatchObject({
      ok: true,
    });
    expect(authenticateClient(pool, undefined, form({ client_id: 'pub' }))).toMatchObject({ ok: true });
    expect(authenticateClient(pool, basic('pub', ''), form({}))).toMatchObject({ ok: true });
  });

  it('form-decodes Basic credentials (RFC 6749 §2.3.1)', () => {
    expect(
      authenticateClient(pool, `Basic ${Buffer.from('conf:s3cret').toString('base64')}`, form({ client_id: 'conf' })),
    ).toMatchObject({ ok: true });
    expect(
      authenticateClient(pool, `Basic ${Buffer.from('conf:s%33cret').toString('base64')}`, form({})),
    ).toMatchObject({ ok: true });
  });

  it('refuses failed Basic and failed body authentication alike with invalid_client', () => {
    expect(authenticateClient(pool, basic('conf', 'nope'), form({}))).toEqual({
      ok: false,
      error: 'invalid_client',
      description: 'client authentication failed',
    });
    expect(authenticateClient(pool, 'Bearer abc', form({}))).toMatchObject({
      ok: false,
      error: 'invalid_client',
    });
    expect(authenticateClient(pool, undefined, form({ client_id: 'conf', client_secret: 'nope' }))).toEqual({
      ok: false,
      error: 'invalid_client',
      description: 'client authentication failed',
    });
    expect(authenticateClient(pool, undefined, form({ client_id: 'conf' }))).toMatchObject({
      ok: false,
      error: 'invalid_client',
    });
    expect(authenticateClient(pool, undefined, form({ client_id: 'ghost' }))).toMatchObject({
      ok: false,
      error: 'invalid_client',
    });
    expect(authenticateClient(pool, undefined, form({ client_id: 'pub', client_secret: 'x' }))).toMatchObject({
      ok: false,
      error: 'invalid_client',
    });
  });

  it('refuses ambiguous requests', () => {
    expect(authenticateClient(pool, undefined, form({}))).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(authenticateClient(pool, basic('conf', 's3cret'), form({ client_secret: 's3cret' }))).toMatchObject({
      ok: false,
      error: 'invalid_request',
    });
    expect(authenticateClient(pool, basic('conf', 's3cret'), form({ client_id: 'pub' }))).toMatchObject({
      ok: false,
      error: 'invalid_request',
    });
  });
});
