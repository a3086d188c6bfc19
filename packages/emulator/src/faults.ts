// Switchable failures for JWKS, discovery, token and userInfo, so clients' retry, timeout and cache paths get real traffic.
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { parseWith } from './seed.js';

/** `error` answers 500; `hang` never answers until the caller aborts or the emulator stops; `null` is normal service. */
export type FaultMode = 'error' | 'hang' | null;
/** The endpoints a fault can hit: the JWKS, the discovery document, the token endpoint and userInfo. */
export type FaultTarget = 'jwks' | 'discovery' | 'token' | 'userInfo';
/** A fault per target, e.g. `{ token: 'hang' }`; targets left out keep their mode. */
export type FaultSettings = Partial<Record<FaultTarget, FaultMode>>;

const mode = z.enum(['error', 'hang']).nullable().optional();
export const faultSettingsSchema = z.strictObject({ jwks: mode, discovery: mode, token: mode, userInfo: mode });

export class FaultSwitches {
  private modes: Record<FaultTarget, FaultMode> = { jwks: null, discovery: null, token: null, userInfo: null };
  /** Requests a hang fault holds right now, per target. */
  private readonly held: Record<FaultTarget, number> = { jwks: 0, discovery: 0, token: 0, userInfo: 0 };
  /** Callers of whenHeld() waiting for a request to be held. */
  private readonly waiting: { readonly target: FaultTarget; readonly resolve: () => void }[] = [];

  /** Aborted by stop(), releasing every hung request. */
  constructor(private readonly stopped: AbortSignal) {}

  /** Changes only the targets named; `null` restores one. */
  set(settings: FaultSettings): void {
    const valid = parseWith(faultSettingsSchema, settings, 'faults');
    for (const [target, value] of Object.entries(valid)) {
      if (value !== undefined) this.modes[target as FaultTarget] = value;
    }
  }

  clear(): void {
    this.set({ jwks: null, discovery: null, token: null, userInfo: null });
  }

  get(): Readonly<Record<FaultTarget, FaultMode>> {
    return { ...this.modes };
  }

  /** Resolves once a hang fault holds a request to `target` (at once if one already is). */
  whenHeld(target: FaultTarget): Promise<void> {
    if (this.held[target] > 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ target, resolve }));
  }

  /** Middleware placed in front of a target's route. */
  guard(target: FaultTarget): MiddlewareHandler {
    return async (c, next) => {
      const current = this.modes[target];
      if (current === 'error')
        return c.json({ error: 'server_error', error_description: `fault injected: ${target}` }, 500);
      if (current === 'hang') return this.hang(c, target);
      return next();
    };
  }

  private async hang(c: Context, target: FaultTarget): Promise<Response> {
    const released = AbortSignal.any([c.req.raw.signal, this.stopped]);
    this.held[target] += 1;
    for (const waiter of this.waiting.filter((w) => w.target === target)) {
      this.waiting.splice(this.waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
    try {
      await new Promise<void>((resolve) => {
        if (released.aborted) resolve();
        else released.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      this.held[target] -= 1;
    }
    return c.body(null, 503);
  }
}

/** The fault controls a test holds: `emulator.faults`. */
export interface EmulatorFaults {
  /** Changes only the targets named, e.g. `{ jwks: 'hang' }`; `null` restores one. */
  set(settings: FaultSettings): void;
  /** Restores normal service everywhere. */
  clear(): void;
  /** The current mode of every target (`null` where it answers normally). */
  get(): Readonly<Record<FaultTarget, FaultMode>>;
  /**
   * Resolves once a `hang` fault holds a request to `target` (at once if one already is), so a test can fire its
   * client's timeout (with fake timers) or stop the emulator knowing the request is in flight, without sleeping.
   */
  whenHeld(target: FaultTarget): Promise<void>;
  /** Replaces both signing keys (new kids); tokens signed before stop verifying. Returns the new kids. */
  rotateKeys(): Promise<{ id: string; access: string }>;
}
