// The emulator's notion of "now", shiftable so tests can expire codes, sessions and tokens without waiting.

/** A clock that can be moved forward (or back) for time-travel tests. */
export class Clock {
  private offsetMs = 0;

  /** Milliseconds since the epoch, as the emulator sees it. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Seconds since the epoch, as JWT `iat`/`exp` want. */
  epochSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Moves the emulator's time by `seconds` (negative moves it back). */
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
