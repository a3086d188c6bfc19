// Single-use login transactions: a stateless sealed cookie cannot forbid its own reuse, so a guard remembers used IDs.
import { CognitoFlowError } from './errors.js';

/**
 * Remembers used IDs until they expire. `use` returns false when `id` was already used. Share one (e.g. Redis-backed,
 * `SET id 1 NX EXAT expiresAtSeconds`) across instances that serve the same logins.
 */
export interface ReplayGuard {
  /** Marks `id` used until `expiresAtSeconds` (epoch seconds); true the first time, false on every later call. */
  use(id: string, expiresAtSeconds: number): boolean | Promise<boolean>;
}

/**
 * In-memory guard for one process. Bounded: it forgets IDs once their transaction has expired anyway, and when
 * `maxEntries` unexpired IDs are held it refuses new ones (`FLOW_REPLAY_GUARD_FULL`) rather than forget one that
 * could still be replayed.
 *
 * @example
 * ```ts
 * import { createCognito, memoryReplayGuard } from '@cognito-connect/core';
 * const cognito = createCognito(settings, { replayGuard: memoryReplayGuard(50_000) });
 * ```
 */
export function memoryReplayGuard(maxEntries = 100_000): ReplayGuard {
  const used = new Map<string, number>();
  return {
    use(id, expiresAtSeconds) {
      const now = Date.now() / 1000;
      const seen = used.get(id);
      if (seen !== undefined && seen >= now) return false;
      if (used.size >= maxEntries) {
        for (const [key, exp] of used) if (exp < now) used.delete(key);
        if (used.size >= maxEntries) {
          throw new CognitoFlowError(
            'FLOW_REPLAY_GUARD_FULL',
            `The replay guard holds ${maxEntries} unexpired login transactions; refusing more until some expire.`,
          );
        }
      }
      used.set(id, expiresAtSeconds);
      return true;
    },
  };
}
