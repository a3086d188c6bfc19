// What the forward-auth suites behind real proxies share: the session cookie's shapes, and one start and stop of the
// pool, the app and a site per variant (a proxy, plain or TLS, in front of its own gateway, whose refreshes are counted).
import { type RequestListener, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unseal } from '@cognito-connect/core';
import type { Emulator, SeedClient } from '@cognito-connect/emulator';
import type { RunningGateway } from '@cognito-connect/visitor-auth';
import { freePort } from './agent.js';
import type { ForwardAuthSite, RunningProxy } from './proxies.js';
import { COOKIE_SECRET, gatewayFor, registerClient, startPool } from './stack.js';

export const SESSION_COOKIE = 'cc-visitor';
/** Cognito's shortest ID/access token life; the gateway renews within its last 60 s. */
export const TOKEN_SECONDS = 300;
/** App client settings for suites that renew sessions: ID and access tokens of {@link TOKEN_SECONDS}, refresh one hour. */
export const SHORT_LIVED_TOKENS = {
  tokenValidity: { idToken: TOKEN_SECONDS, accessToken: TOKEN_SECONDS, refreshToken: 3600 },
} as const;
/** The gateway renews a session whose tokens expire within this many seconds. */
export const LEAD_SECONDS = 60;
/** The session cookie as the gateway writes it for an http site. */
export const RENEWED = new RegExp(`^${SESSION_COOKIE}=[\\w.-]+; Max-Age=\\d+; Path=/; HttpOnly; SameSite=Lax$`);
/** The check's deletion of the session cookie on an http site. */
export const CLEARED = `${SESSION_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax`;

/** Opens a gateway session cookie: its tokens' expiry `t` and refresh token `r`. */
export const sealedSession = (cookie: string) =>
  unseal<{ t: number; r: string }>(cookie, COOKIE_SECRET, 'visitor-session');

/** One site: a proxy in front of the app, asking a forward-auth gateway of its own. */
export interface ProxiedSite {
  /** The site's public URL (the proxy's). */
  url: string;
  gatewayPort: number;
  gateway: RunningGateway;
  proxy: RunningProxy;
}

/** What {@link startForwardAuthSites} starts: a site per variant, each a proxy and its gateway. */
export interface ForwardAuthSitesOptions<V extends string> {
  /** One site per variant (e.g. nginx's cookie lines, a Caddyfile style, one proxy). */
  variants: readonly V[];
  /** Starts the variant's proxy in front of the site's gateway and the app. */
  proxy: (site: ForwardAuthSite, variant: V) => Promise<RunningProxy>;
  /** The application behind every proxy. */
  app: RequestListener;
  /** The app client's name; all sites' callbacks are registered on it, with `extraSites`' too. */
  clientName: string;
  /** Extra app client settings, e.g. short token lives. */
  clientSettings?: Parameters<typeof registerClient>[3];
  /** Other sites (e.g. a second app) whose callbacks the app client must also accept. */
  extraSites?: readonly string[];
  /** `https` for a proxy terminating TLS (pass the certificate in `proxy`). Default `http`. */
  scheme?: 'http' | 'https';
  /** The sites' host name, resolved to 127.0.0.1 by the browser. Default `127.0.0.1`. */
  host?: string;
}

/** The running sites of {@link startForwardAuthSites}, with the pool they sign in at. */
export interface ForwardAuthSites<V extends string> {
  emulator: Emulator;
  client: SeedClient;
  sites: Record<V, ProxiedSite>;
  /** Refresh-token grants the gateways asked Cognito for so far. */
  refreshes(): number;
  /** Stops the site's gateway and starts a new one on its port: no renewal is remembered any more. */
  restartGateway(site: ProxiedSite): Promise<void>;
  /** Stops every proxy, gateway, the app and the emulator (what started, even after a failed start). */
  stop(): Promise<void>;
}

/**
 * Starts the emulator's pool, `app` on a loopback port, and for each variant a gateway in forward-auth mode (admitting
 * every signed-in user, counting its refresh grants) behind that variant's proxy, each on ports of its own.
 *
 * @example
 * ```ts
 * const stack = await startForwardAuthSites({ variants: ['always'], proxy: (site, v) => startNginx(site, v), app, clientName: 'x' });
 * await stack.stop();
 * ```
 */
export async function startForwardAuthSites<V extends string>(
  options: ForwardAuthSitesOptions<V>,
): Promise<ForwardAuthSites<V>> {
  const sites = {} as Record<V, ProxiedSite>;
  const app = createServer(options.app);
  let emulator: Emulator | undefined;
  let refreshes = 0;
  const stop = async () => {
    for (const site of Object.values<ProxiedSite>(sites)) {
      await site.proxy.stop();
      await site.gateway.close();
    }
    await new Promise((resolve) => (app.listening ? app.close(resolve) : resolve(undefined)));
    await emulator?.stop();
  };
  try {
    const [pool] = await Promise.all([
      startPool(),
      new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve)),
    ]);
    emulator = pool;
    const appAddress = `127.0.0.1:${(app.address() as AddressInfo).port}`;
    const ports = await Promise.all(options.variants.map(async () => [await freePort(), await freePort()] as const));
    const host = options.host ?? '127.0.0.1';
    const urls = ports.map(([proxyPort]) => `${options.scheme ?? 'http'}://${host}:${proxyPort}`);
    const client = registerClient(
      pool,
      [...urls, ...(options.extraSites ?? [])],
      options.clientName,
      options.clientSettings,
    );
    const countingFetch: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url === `${pool.url}/oauth2/token` && String(init?.body).includes('grant_type=refresh_token')) refreshes += 1;
      return fetch(input, init);
    };
    const startGateway = (url: string, port: number) =>
      gatewayFor(
        pool,
        client,
        { port, site: url },
        {
          cognito: { ...pool.settingsFor(client.clientId), fetch: countingFetch },
          dir: undefined,
          forwardAuth: true,
          requiredGroups: undefined,
        },
      );
    for (const [i, variant] of options.variants.entries()) {
      const [proxyPort, gatewayPort] = ports[i] as readonly [number, number];
      const url = urls[i] as string;
      const gateway = await startGateway(url, gatewayPort);
      const proxy = await options
        .proxy({ port: proxyPort, gateway: `127.0.0.1:${gatewayPort}`, app: appAddress, host: options.host }, variant)
        .catch(async (error: unknown) => {
          await gateway.close();
          throw error;
        });
      sites[variant] = { url, gatewayPort, gateway, proxy };
    }
    return {
      emulator: pool,
      client,
      sites,
      refreshes: () => refreshes,
      restartGateway: async (site) => {
        await site.gateway.close();
        site.gateway = await startGateway(site.url, site.gatewayPort);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A forward-auth gateway admitting every signed-in user (a client of its own), behind the proxy `start` runs, in front of `app` (a server, or its host:port). */
export async function proxiedGateway(
  emulator: Emulator,
  app: Server | string,
  start: (site: ForwardAuthSite) => Promise<RunningProxy>,
): Promise<{ gateway: RunningGateway; proxy: RunningProxy }> {
  const [proxyPort, gatewayPort] = await Promise.all([freePort(), freePort()]);
  const site = `http://127.0.0.1:${proxyPort}`;
  const gateway = await gatewayFor(
    emulator,
    registerClient(emulator, [site]),
    { port: gatewayPort, site },
    { dir: undefined, forwardAuth: true, requiredGroups: undefined },
  );
  const proxy = await start({
    port: proxyPort,
    gateway: `127.0.0.1:${gatewayPort}`,
    app: typeof app === 'string' ? app : `127.0.0.1:${(app.address() as AddressInfo).port}`,
  });
  return { gateway, proxy };
}
