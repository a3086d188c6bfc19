// A movable Date for e2e suites whose emulator and gateway run in the test's process: only Date is faked, so both
// (and the Agent's cookie jar) see the same moved clock while sockets and timers run for real.
import { afterEach, beforeEach, vi } from 'vitest';

/** Fakes Date around every test of the calling suite; returns a function that moves it forward by `seconds`. */
export function movableDate(): (seconds: number) => void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  return (seconds) => vi.setSystemTime(Date.now() + seconds * 1000);
}
