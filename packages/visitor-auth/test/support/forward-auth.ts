// What the forward-auth cookie suites behind real proxies share: the session cookie's shapes, a gateway in
// forward-auth mode on short-lived tokens, and a count of the refreshes it asks Cognito for.
import { unseal } from '@cognito-connect/core';
import type { Emulator, SeedClient } from '@cognito-connect/emulator';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningGateway } from '@cognito-connect/visitor-auth';
import { freePort } from './agent.js';
import type { ForwardAuthSite, RunningProxy } from './proxies.js';
import { COOKIE_SECRET, gatewayFor, registerClient } from './stack.js';

export const SESSION_COOKIE = 'cc-visitor';
/** Cognito's shortest ID/access token life; the gateway renews within its last 60 s. */
export const TOKEN_SECONDS = 300;
/** The gateway renews a session whose tokens expire within this many seconds. */
export const LEAD_SECONDS = 60;
/** The session cookie as the gateway writes it for an http site. */
export const RENEWED = new RegExp(`^${SESSION_COOKIE}=[\\w.-]+; Max-Age=\\d+; Path=/; HttpOnly; SameSite=Lax$`);
/** The check's deletion of the session cookie on an http site. */
export const CLEARED = `${SESSION_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax`;

/** Opens a gateway session cookie: its tokens' expiry `t` and refresh token `r`. */
export const sealedSession = (cookie: string) =>
  unseal<{ t: number; r: string }>(cookie, COOKIE_SECRET, 'visitor-session');

/** Forward-auth gateways for one pool whose refresh-token grants at Cognito are counted in `refreshes`. */
export function countedGateways(pool: () => { emulator: Emulator; client: SeedClient }) {
  const counter = { refreshes: 0 };
  const countingFetch: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url === `${pool().emulator.url}/oauth2/token` && String(init?.body).includes('grant_type=refresh_token')) {
      counter.refreshes += 1;
    }
    return fetch(input, init);
  };
  /** A gateway in forward-auth mode for `url`, listening on `port`, admitting every signed-in user. */
  const start = (url: string, port: number): Promise<RunningGateway> => {
    const { emulator, client } = pool();
    return gatewayFor(
      emulator,
      client,
      { port, site: url },
      {
        cognito: { ...emulator.settingsFor(client.clientId), fetch: countingFetch },
        dir: undefined,
        forwardAuth: true,
        requiredGroups: undefined,
      },
    );
  };
  return { counter, start };
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
