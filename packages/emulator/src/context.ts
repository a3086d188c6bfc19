// Everything a route needs, gathered once per emulator so routes stay free of wiring.
import type { AuthorizationRequest } from './authorization-request.js';
import type { Clock } from './clock.js';
import type { ExpiringMap } from './expiring-map.js';
import type { FaultSwitches } from './faults.js';
import type { Federation } from './federation.js';
import type { GrantStore } from './grants.js';
import type { SignInSteps } from './sign-in-steps.js';
import type { SessionStore } from './hosted-session.js';
import type { StandInHost } from './standin-host.js';
import type { KeyRing } from './keys.js';
import type { TokenIssuer } from './tokens.js';
import type { UserPool } from './user-pool.js';
import type { Triggers } from './triggers.js';
import type { ApiState } from './api/state.js';

/** The emulator's two bases; known once the server listens (port 0 picks one). */
export interface Urls {
  /** The user pool domain, e.g. `http://127.0.0.1:54321`. */
  domain: string;
  /** `<domain>/<userPoolId>`: where discovery and JWKS are served. */
  issuer: string;
  /** Every token's `iss`: `issuer`, or AWS's `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` when asked. */
  tokenIssuer: string;
}

export interface EmulatorContext {
  readonly pool: UserPool;
  readonly clock: Clock;
  readonly keys: KeyRing;
  readonly tokens: TokenIssuer;
  readonly grants: GrantStore;
  readonly sessions: SessionStore;
  /** Authorization requests waiting for the login form, keyed by the form's hidden `pending` id. */
  readonly pendingLogins: ExpiringMap<AuthorizationRequest>;
  /** Hosted-UI sign-ins waiting for a step: a new password (temporary, or reset by an administrator) or an MFA code. */
  readonly signInSteps: SignInSteps;
  readonly federation: Federation;
  readonly faults: FaultSwitches;
  readonly standIns: StandInHost;
  readonly urls: Urls;
  /** The seed's Lambda-style trigger modules, run by both the API and the hosted UI. */
  readonly triggers: Triggers;
  /** Codes, challenge sessions and pending TOTP secrets of the user-pool API. */
  readonly apiState: ApiState;
}
