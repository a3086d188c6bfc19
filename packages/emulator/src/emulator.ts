// startEmulator(): seeds a user pool, binds one HTTP server for domain and issuer, and hands tests its URLs and controls.
import { createAdmin, type EmulatorAdmin } from './admin.js';
import { createApp } from './app.js';
import { Clock } from './clock.js';
import type { EmulatorContext, Urls } from './context.js';
import { ExpiringMap } from './expiring-map.js';
import { FaultSwitches, type EmulatorFaults } from './faults.js';
import { Federation } from './federation.js';
import { GrantStore } from './grants.js';
import { SignInSteps } from './sign-in-steps.js';
import { SessionStore } from './hosted-session.js';
import { KeyRing } from './keys.js';
import { loadSeed, regionOf, type SeedInput } from './seed.js';
import { StandInHost } from './standin-host.js';
import { listen } from './server.js';
import { TokenIssuer } from './tokens.js';
import { UserPool } from './user-pool.js';
import { Triggers } from './triggers.js';
import { ApiState } from './api/state.js';

/** How {@link startEmulator} runs: the seed, where to listen, persistent keys and whose issuer tokens name. */
export interface EmulatorOptions {
  /** The seed object, or a path to a seed JSON file. */
  seed: SeedInput | string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Path of a private-key file to load (or create) so keys survive restarts; default: fresh keys each start. */
  keysFile?: string;
  /**
   * Overrides the seed's `userPool.issuer`: `aws` mints tokens whose `iss` is
   * `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`, for verifiers that cannot be pointed at the emulator
   * (give them the emulator's JWKS, e.g. `CognitoJwtVerifier.cacheJwks`); discovery and JWKS stay at the emulator.
   */
  issuer?: 'emulator' | 'aws';
}

/** What an app needs to talk to the emulator as if it were its Cognito pool. */
export interface ClientSettings {
  /** The AWS region from the pool id, e.g. `us-east-1`. */
  region: string;
  /** The user pool id, e.g. `us-east-1_EmuLat0r1`. */
  userPoolId: string;
  /** The app client's id. */
  clientId: string;
  /** The app client's secret; absent for a public client. */
  clientSecret?: string;
  /** The user pool domain (hosted UI and /oauth2/*). */
  domain: string;
  /** The tokens' `iss` (see {@link Emulator.issuer}). */
  issuer: string;
}

/** A running emulated user pool: its URLs, its admin and fault controls, and `stop()`. */
export interface Emulator {
  /** The user pool domain, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** The `iss` of every token: `<url>/<userPoolId>`, or AWS's issuer URL when started with `issuer: 'aws'`. */
  readonly issuer: string;
  /** The user pool id from the seed. */
  readonly userPoolId: string;
  /** The AWS region encoded in the pool id. */
  readonly region: string;
  /** `<url>/<userPoolId>/.well-known/openid-configuration`, whichever issuer the tokens name. */
  readonly discoveryUrl: string;
  /** `<url>/<userPoolId>/.well-known/jwks.json`: the keys that verify every token. */
  readonly jwksUrl: string;
  /** Names of the pool's external identity providers (seeded or added), for `identity_provider=`. */
  readonly identityProviderNames: readonly string[];
  /** Changes users, groups, clients, identity providers and the clock while the pool runs. */
  readonly admin: EmulatorAdmin;
  /** Makes JWKS, discovery, token or userInfo fail or hang, and rotates the signing keys. */
  readonly faults: EmulatorFaults;
  /** Settings for one app client (throws for an unknown client id). */
  settingsFor(clientId: string): ClientSettings;
  /** Closes the server and every open connection, releasing hung requests. */
  stop(): Promise<void>;
}

/**
 * Starts an emulated Cognito user pool on loopback: the hosted UI, every `/oauth2/*` endpoint, discovery, JWKS,
 * the user-pool API (`POST /`) and the admin API, on one port.
 *
 * @example
 * ```ts
 * import { startEmulator } from '@cognito-connect/emulator';
 *
 * const emulator = await startEmulator({
 *   seed: {
 *     userPool: { id: 'us-east-1_Example1' },
 *     clients: [{ clientId: 'web_app', name: 'My App', callbackUrls: ['http://localhost:3000/callback'] }],
 *     users: [{ username: 'alice', password: 'Alice-password-1', attributes: { email: 'alice@example.com' } }],
 *   },
 *   port: 0,
 * });
 * const { domain, issuer } = emulator.settingsFor('web_app');
 * await emulator.stop();
 * ```
 */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const seed = await loadSeed(options.seed);
  const region = regionOf(seed.userPool.id);
  const clock = new Clock();
  const pool = UserPool.fromSeed(seed, region);
  const keys = await KeyRing.create(options.keysFile);
  const urls: Urls = { domain: '', issuer: '', tokenIssuer: '' };
  const awsIssuer = (options.issuer ?? seed.userPool.issuer) === 'aws';
  const standIns = new StandInHost(urls);
  const providers = await Promise.all(seed.identityProviders.map((idp) => standIns.prepare(idp)));
  const stopped = new AbortController();
  const triggers = new Triggers(seed.triggers, pool);
  const ctx: EmulatorContext = {
    pool,
    clock,
    keys,
    tokens: new TokenIssuer(pool, keys, clock, () => urls.tokenIssuer, triggers.customizeTokens),
    grants: new GrantStore(clock),
    sessions: new SessionStore(clock),
    pendingLogins: new ExpiringMap(clock),
    signInSteps: new SignInSteps(clock),
    federation: new Federation(pool, clock, () => `${urls.domain}/oauth2/idpresponse`),
    faults: new FaultSwitches(stopped.signal),
    standIns,
    urls,
    triggers,
    apiState: new ApiState(clock),
  };
  const admin = createAdmin(ctx);
  const faults: EmulatorFaults = {
    set: (settings) => ctx.faults.set(settings),
    clear: () => ctx.faults.clear(),
    get: () => ctx.faults.get(),
    whenHeld: (target) => ctx.faults.whenHeld(target),
    rotateKeys: () => keys.rotate(),
  };
  const server = await listen(createApp(ctx, admin, faults), { port: options.port, host: options.host }, (url) => {
    urls.domain = url;
    urls.issuer = `${url}/${pool.id}`;
    urls.tokenIssuer = awsIssuer ? `https://cognito-idp.${region}.amazonaws.com/${pool.id}` : urls.issuer;
    for (const provider of providers) {
      const idp = provider();
      pool.identityProviders.set(idp.name, idp);
    }
  });
  return {
    url: urls.domain,
    issuer: urls.tokenIssuer,
    userPoolId: pool.id,
    region,
    discoveryUrl: `${urls.issuer}/.well-known/openid-configuration`,
    jwksUrl: `${urls.issuer}/.well-known/jwks.json`,
    get identityProviderNames() {
      return [...pool.identityProviders.keys()];
    },
    admin,
    faults,
    settingsFor(clientId) {
      const client = pool.clients.get(clientId);
      if (!client) throw new Error(`no app client "${clientId}" in the emulator`);
      return {
        region,
        userPoolId: pool.id,
        clientId,
        ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
        domain: urls.domain,
        issuer: urls.tokenIssuer,
      };
    },
    async stop() {
      stopped.abort();
      await server.close();
    },
  };
}
