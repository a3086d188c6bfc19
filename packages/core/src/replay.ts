// Single-use login transactions: a stateless sealed cookie cannot forbid its own reuse, so a guard remembers used IDs.

/** Remembers used IDs until they expire. Return false when `id` was already used. Share one (e.g. Redis-backed) across instances. */
export interface ReplayGuard {
  use(id: string, expiresAtSeconds: number): boolean | Promise<boolean>;
}

/** In-memory guard for one process; bounded, and forgets IDs once their transaction has expired anyway. */
export function memoryReplayGuard(maxEntries = 100_000): ReplayGuard {
  const used = new Map<string, number>();
  return {
    use(id, expiresAtSeconds) {
      const now = Date.now() / 1000;
      if (used.size >= maxEntries) {
        for (const [key, exp] of used) if (exp < now) used.delete(key);
        if (used.size >= maxEntries) used.delete(used.keys().next().value as string);
      }
      const seen = used.get(id);
      if (seen !== undefined && seen >= now) return false;
      used.set(id, expiresAtSeconds);
      return true;
    },
  };
}
