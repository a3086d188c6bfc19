// A throwaway npm registry (verdaccio) on a free loopback port: our packages live only here, everything else is proxied to npm's registry.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runServer } from 'verdaccio';

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` (with the trailing slash npm writes in its configs). */
  url: string;
  /** A token for a user registered through the registry's own API. */
  token: string;
  /** Lines for an .npmrc that points npm (and lerna) at this registry with that token. */
  npmrc: string;
  /** Packument of a package, or undefined on 404. */
  packument(
    name: string,
  ): Promise<{ 'dist-tags': Record<string, string>; versions: Record<string, { gitHead?: string }> } | undefined>;
  stop(): Promise<void>;
}

/**
 * Starts verdaccio in this process with its storage in `dir`. Publishing our scope and the cli needs a login;
 * our names have no uplink, so nothing can come from, or be mistaken for, a package on the public registry.
 */
export async function startLocalRegistry(dir: string, upstream: string): Promise<LocalRegistry> {
  const ours = { access: '$all', publish: '$authenticated', unpublish: '$authenticated' };
  const server = (await runServer({
    self_path: join(dir, 'config.yaml'),
    storage: join(dir, 'storage'),
    auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 1 } },
    uplinks: { npmjs: { url: upstream, timeout: '60s' } },
    packages: {
      '@cognito-connect/*': ours,
      'cognito-connect': ours,
      '**': { access: '$all', publish: '$authenticated', proxy: 'npmjs' },
    },
    web: { enable: false },
    log: { type: 'stdout', format: 'pretty', level: 'error' },
  } as unknown as Parameters<typeof runServer>[0])) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });

  try {
    const name = 'release-test';
    const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        _id: `org.couchdb.user:${name}`,
        name,
        password: randomBytes(18).toString('base64url'),
        type: 'user',
        roles: [],
        date: new Date().toISOString(),
      }),
    });
    const body = (await response.json()) as { token?: string };
    if (response.status !== 201 || !body.token)
      throw new Error(`registering a user on the local registry answered ${response.status}`);
    const token = body.token;
    return {
      url,
      token,
      npmrc: `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`,
      async packument(pkg) {
        const res = await fetch(`${url}${pkg.replace('/', '%2f')}`, { headers: { accept: 'application/json' } });
        if (res.status === 404) return undefined;
        if (!res.ok) throw new Error(`GET ${pkg} from the local registry answered ${res.status}`);
        return (await res.json()) as Awaited<ReturnType<LocalRegistry['packument']>>;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
