// The Providers page's stored values at boot: config wins, the secret never lands there, the page stays savable.
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../options.js';
import type { GrantProviderSettings, Strapi } from '../../strapi.js';
import type { Runtime } from '../runtime.js';
import { CONFIG_SECRET_MARKER } from '../services/app-client.js';
import { syncProvidersPage } from './builtin-provider.js';

const POOL = { userPoolId: 'eu-west-1_Example1', transactionSecret: 'x'.repeat(32) };
const PLACEHOLDER = 'your-domain-prefix.auth.eu-west-1.amazoncognito.com';

/** A Strapi whose users-permissions store holds `cognito` as given; returns what the sync leaves there. */
async function synced(config: Record<string, unknown>, cognito: GrantProviderSettings): Promise<GrantProviderSettings> {
  let grant: Record<string, GrantProviderSettings> = { email: { enabled: true }, cognito };
  const strapi = {
    store: () => ({
      get: async () => grant,
      set: async ({ value }: { value: typeof grant }) => {
        grant = value;
      },
    }),
  } as unknown as Strapi;
  await syncProvidersPage(strapi, { strapi, options: parseOptions({ ...POOL, ...config }) } as Runtime);
  expect(grant.email).toEqual({ enabled: true });
  return grant.cognito as GrantProviderSettings;
}

describe('syncProvidersPage', () => {
  it('replaces what an earlier boot or an admin stored with config: the client ID, a secret marker, no Host URI', async () => {
    const config = { clientId: 'configclient1', clientSecret: 'config-secret', domain: 'http://127.0.0.1:9229' };
    const stale = { enabled: true, key: 'typed', secret: 'typed-secret', subdomain: 'https://old.example.com' };
    expect(await synced(config, stale)).toEqual({
      enabled: true,
      key: 'configclient1',
      secret: CONFIG_SECRET_MARKER,
      subdomain: '',
    });
  });

  it('puts a marker in the secret of a public client in config (the page requires a value)', async () => {
    expect(await synced({ clientId: 'publicclient1', domain: 'myapp' }, { secret: '' })).toMatchObject({
      key: 'publicclient1',
      secret: CONFIG_SECRET_MARKER,
    });
  });

  it('leaves what the page supplies alone when config does not hold it', async () => {
    const typed = {
      enabled: true,
      key: 'typed',
      secret: 'typed-secret',
      subdomain: 'myapp.auth.eu-west-1.amazoncognito.com',
    };
    expect(await synced({}, typed)).toEqual(typed);
  });

  it('gives an emptied Host URI its placeholder back once the domain leaves config, so the field shows again', async () => {
    expect(await synced({}, { key: 'typed', subdomain: '' })).toMatchObject({ subdomain: PLACEHOLDER });
  });
});
