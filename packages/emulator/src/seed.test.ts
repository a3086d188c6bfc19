// Seed validation: the fixture passes, defaults apply, and every mistake is reported at its JSON path.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeed, regionOf, SeedError, type SeedInput } from './seed.js';

const FIXTURE = new URL('../../../test-fixtures/emulator/seed.json', import.meta.url).pathname;
const minimal: SeedInput = { userPool: { id: 'eu-west-1_Abc123' } };

async function issues(seed: unknown): Promise<{ path: string; message: string }[]> {
  try {
    await loadSeed(seed as SeedInput);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).code).toBe('SEED_INVALID');
    return [...(error as SeedError).issues];
  }
  throw new Error('expected the seed to be rejected');
}

describe('loadSeed', () => {
  it('accepts the repository fixture from its path', async () => {
    const seed = await loadSeed(FIXTURE);
    expect(seed.userPool.id).toBe('us-east-1_EmuLat0r1');
    expect(seed.clients.map((c) => c.clientId)).toEqual([
      'confidential_web_client',
      'public_spa_client',
      'm2m_reports_client',
    ]);
    expect(seed.users.find((u) => u.username === 'carol')?.attributes.email_verified).toBe('false');
  });

  it('fills Cognito’s defaults and gives every user a sub', async () => {
    const seed = await loadSeed({
      ...minimal,
      clients: [{ clientId: 'app', name: 'App', callbackUrls: ['myapp://cb'] }],
      users: [{ username: 'u', password: 'p' }],
    });
    expect(seed.userPool.name).toBe('cognito-emulator');
    expect(seed.clients[0]).toMatchObject({
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid', 'email', 'profile'],
      supportedIdentityProviders: ['COGNITO'],
      tokenValidity: { idToken: 3600, accessToken: 3600, refreshToken: 2592000 },
      enableTokenRevocation: true,
      logoutUrls: [],
    });
    expect(seed.users[0]?.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(seed.users[0]).toMatchObject({ enabled: true, groups: [], attributes: {} });
  });

  it('names the JSON path of each problem', async () => {
    const found = await issues({
      userPool: { id: 'not-a-pool', requiredAttributes: ['given_name', 'favourite'] },
      clients: [
        {
          clientId: 'has space',
          name: 'A',
          callbackUrls: ['not a url', 'https://ok.example/cb#frag'],
          allowedOAuthScopes: ['openid', 'made-up'],
        },
        {
          clientId: 'm2m',
          name: 'B',
          allowedOAuthFlows: ['client_credentials', 'code'],
          allowedOAuthScopes: ['openid'],
        },
        {
          clientId: 'idp',
          name: 'C',
          callbackUrls: ['https://ok.example/cb'],
          supportedIdentityProviders: ['Missing'],
          tokenValidity: { accessToken: 10 },
        },
      ],
      groups: [{ name: 'g' }, { name: 'g' }],
      users: [{ username: 'x', password: 'p', groups: ['nope'], attributes: { favourite_colour: 'blue' } }],
      identityProviders: [{ name: 'Idp', type: 'SAML' }],
    });
    const paths = found.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'seed.userPool.id',
        'seed.userPool.requiredAttributes[1]',
        'seed.clients[0].clientId',
        'seed.clients[0].callbackUrls[0]',
        'seed.clients[0].callbackUrls[1]',
        'seed.clients[0].allowedOAuthScopes[1]',
        'seed.clients[1].allowedOAuthFlows',
        'seed.clients[1].allowedOAuthScopes[0]',
        'seed.clients[2].tokenValidity.accessToken',
        'seed.users[0].attributes.favourite_colour',
        'seed.identityProviders[0].type',
      ]),
    );
    expect(found.find((i) => i.path === 'seed.clients[1].allowedOAuthFlows')?.message).toMatch(/clientSecret|combined/);
  });

  it('takes a base32 TOTP secret for a user with software-token MFA, and refuses anything else', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const seed = await loadSeed({ ...minimal, users: [{ username: 'u', password: 'p', totpSecret: secret }] });
    expect(seed.users[0]?.totpSecret).toBe(secret);
    const found = await issues({
      ...minimal,
      users: [
        { username: 'a', password: 'p', totpSecret: 'jbswy3dpehpk3pxp' },
        { username: 'b', password: 'p', totpSecret: 'JBSWY3DP' },
      ],
    });
    expect(found).toEqual([
      { path: 'seed.users[0].totpSecret', message: expect.stringMatching(/base32/) as unknown },
      { path: 'seed.users[1].totpSecret', message: expect.stringMatching(/base32/) as unknown },
    ]);
  });

  it('checks references between clients, users, groups and providers', async () => {
    const found = await issues({
      ...minimal,
      clients: [
        {
          clientId: 'a',
          name: 'A',
          callbackUrls: ['https://a.example/cb'],
          supportedIdentityProviders: ['COGNITO', 'Ghost'],
        },
        { clientId: 'a', name: 'A2', callbackUrls: ['https://a.example/cb'] },
      ],
      users: [
        { username: 'Sam', password: 'p', groups: ['ghosts'] },
        { username: 'sam', password: 'p' },
      ],
    });
    expect(found.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'seed.clients[0].supportedIdentityProviders[1]',
        'seed.clients[1].clientId',
        'seed.users[0].groups[0]',
        'seed.users[1].username',
      ]),
    );
  });

  it('requires issuer and credentials for a real provider, and forbids an issuer on a stand-in', async () => {
    const real = await issues({ ...minimal, identityProviders: [{ name: 'Real', type: 'OIDC' }] });
    expect(real.map((i) => i.path)).toEqual([
      'seed.identityProviders[0].issuer',
      'seed.identityProviders[0].clientId',
      'seed.identityProviders[0].clientSecret',
    ]);
    const standIn = await issues({
      ...minimal,
      identityProviders: [
        { name: 'S', type: 'OIDC', issuer: 'http://127.0.0.1:1', standIn: { users: [{ sub: 'u' }] } },
      ],
    });
    expect(standIn.map((i) => i.path)).toEqual(['seed.identityProviders[0].issuer']);
    const mapping = await issues({
      ...minimal,
      identityProviders: [
        { name: 'M', type: 'OIDC', standIn: { users: [{ sub: 'u' }] }, attributeMapping: { shoe: 'size' } },
      ],
    });
    expect(mapping.map((i) => i.path)).toEqual(['seed.identityProviders[0].attributeMapping.shoe']);
  });

  it('reports unreadable files and broken JSON by name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seed-'));
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "userPool": ');
    await expect(loadSeed(broken)).rejects.toThrow(/broken\.json is not valid JSON/);
    await expect(loadSeed(join(dir, 'missing.json'))).rejects.toThrow(/cannot read .*missing\.json: ENOENT/);
  });
});

describe('regionOf', () => {
  it('reads the region from the pool id', () => {
    expect(regionOf('us-east-1_Abc')).toBe('us-east-1');
    expect(regionOf('us-gov-west-1_Abc')).toBe('us-gov-west-1');
    expect(() => regionOf('nonsense')).toThrow(SeedError);
  });
});
