// Short-lived server-side records (codes, sessions, pending logins) that must vanish on time, even under a benchmark's load.
import type { Clock } from './clock.js';

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/** A Map whose entries expire by the emulator clock; expired entries are swept as new ones arrive. */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private insertsSinceSweep = 0;

  constructor(private readonly clock: Clock) {}

  set(key: string, value: V, ttlSeconds: number): void {
    if (++this.insertsSinceSweep >= 1000) this.sweep();
    this.entries.set(key, { value, expiresAt: this.clock.now() + ttlSeconds * 1000 });
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Returns the live value and removes it, so it can be used once. */
  take(key: string): V | undefined {
    const value = this.get(key);
    this.entries.delete(key);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  values(): V[] {
    const now = this.clock.now();
    return [...this.entries.values()].filter((e) => e.expiresAt > now).map((e) => e.value);
  }

  private sweep(): void {
    this.insertsSinceSweep = 0;
    const now = this.clock.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
