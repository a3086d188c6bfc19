// Starts what the e2e suites run against: the emulator seeded from test-fixtures, readers and an outsider, and a gateway over the docs-site fixture.
import { fileURLToPath } from 'node:url';
import { type Emulator, type SeedClient, startEmulator } from '@cognito-connect/emulator';
import { type GatewayOptions, type RunningGateway, startGateway } from '@cognito-connect/visitor-auth';
import { freePort } from './agent.js';

export const SEED = fileURLToPath(new URL('../../../../test-fixtures/emulator/seed.json', import.meta.url));
export const DOCS_SITE = fileURLToPath(new URL('../../../../test-fixtures/docs-site', import.meta.url));
export const COOKIE_SECRET = 'gateway-cookie-secret-for-tests-0123456789';

/** Users the suites sign in as; created through the emulator's admin API so their passwords are ours. */
export const READER = { username: 'reader', password: 'Reader-passw0rd!', email: 'reader@example.com' };
export const OUTSIDER = { username: 'outsider', password: 'Outsider-passw0rd!', email: 'outsider@example.com' };
export const READERS_GROUP = 'readers';

export async function startPool(): Promise<Emulator> {
  const emulator = await startEmulator({ seed: SEED, port: 0 });
  emulator.admin.addGroup({ name: READERS_GROUP });
  emulator.admin.addUser({
    username: READER.username,
    password: READER.password,
    attributes: { email: READER.email, email_verified: 'true', 'custom:plan': 'pro' },
    groups: [READERS_GROUP],
  });
  emulator.admin.addUser({
    username: OUTSIDER.username,
    password: OUTSIDER.password,
    attributes: { email: OUTSIDER.email, email_verified: 'true' },
  });
  return emulator;
}

/** A site URL on a free port, so its callback can be registered before the gateway starts. */
export async function reserveSite(): Promise<{ port: number; site: string }> {
  const port = await freePort();
  return { port, site: `http://127.0.0.1:${port}` };
}

/** A confidential app client whose callback and sign-out URLs are these gateways'. */
export function registerClient(
  emulator: Emulator,
  sites: readonly string[],
  name = 'Docs gateway',
  extra: Partial<Parameters<Emulator['admin']['addClient']>[0]> = {},
): SeedClient {
  return emulator.admin.addClient({
    ...extra,
    name,
    generateSecret: true,
    callbackUrls: sites.map((site) => `${site}/_auth/callback`),
    logoutUrls: sites.map((site) => `${site}/`),
  });
}

export function gatewayFor(
  emulator: Emulator,
  client: SeedClient,
  at: { port: number; site: string },
  extra: Partial<GatewayOptions> = {},
): Promise<RunningGateway> {
  return startGateway({
    cognito: emulator.settingsFor(client.clientId),
    site: at.site,
    port: at.port,
    dir: DOCS_SITE,
    cookieSecret: COOKIE_SECRET,
    requiredGroups: [READERS_GROUP, 'admins'],
    ...extra,
  });
}

/** Revokes a refresh token at the emulator's `/oauth2/revoke`, as the app client would; resolves its status. */
export async function revokeRefreshToken(emulator: Emulator, client: SeedClient, token: string): Promise<number> {
  const revoked = await fetch(`${emulator.url}/oauth2/revoke`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${btoa(`${client.clientId}:${client.clientSecret}`)}`,
    },
    body: new URLSearchParams({ token }).toString(),
  });
  await revoked.arrayBuffer();
  return revoked.status;
}
