// Cognito's sign-in lockout on a fixed clock: five free failures, then 1, 2, 4 … seconds, at most 15 minutes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Clock } from '../clock.js';
import { SignInLockout } from './lockout.js';

let clock: Clock;
let lockout: SignInLockout;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 30, 8, 0, 0));
  clock = new Clock();
  lockout = new SignInLockout(clock);
});
afterEach(() => vi.useRealTimers());

const failTimes = (n: number) => {
  for (let i = 0; i < n; i++) lockout.failed('Frank');
};

describe('SignInLockout', () => {
  it('locks out after the fifth failure for one second, then twice as long after each further failure', () => {
    failTimes(4);
    expect(lockout.isLockedOut('frank')).toBe(false);
    lockout.failed('frank');
    expect(lockout.isLockedOut('FRANK')).toBe(true);
    vi.advanceTimersByTime(999);
    expect(lockout.isLockedOut('frank')).toBe(true);
    vi.advanceTimersByTime(1);
    expect(lockout.isLockedOut('frank')).toBe(false);
    lockout.failed('frank'); // the sixth: two seconds
    vi.advanceTimersByTime(1999);
    expect(lockout.isLockedOut('frank')).toBe(true);
    vi.advanceTimersByTime(1);
    expect(lockout.isLockedOut('frank')).toBe(false);
    expect(lockout.isLockedOut('someone-else')).toBe(false);
  });

  it('never locks for more than about 15 minutes', () => {
    failTimes(30);
    vi.advanceTimersByTime(899_999);
    expect(lockout.isLockedOut('frank')).toBe(true);
    vi.advanceTimersByTime(1);
    expect(lockout.isLockedOut('frank')).toBe(false);
  });

  it('starts counting again after a success, or after 15 minutes without an attempt', () => {
    failTimes(5);
    vi.advanceTimersByTime(1000);
    lockout.succeeded('frank');
    failTimes(4);
    expect(lockout.isLockedOut('frank')).toBe(false);
    lockout.failed('frank');
    expect(lockout.isLockedOut('frank')).toBe(true);
    vi.advanceTimersByTime(900_000);
    lockout.failed('frank'); // counted as the first failure again
    expect(lockout.isLockedOut('frank')).toBe(false);
  });

  it('attempts during a lockout are not counted but keep the 15-minute reset away', () => {
    failTimes(5);
    for (let i = 0; i < 10; i++) expect(lockout.isLockedOut('frank')).toBe(true);
    vi.advanceTimersByTime(1000);
    lockout.failed('frank'); // the sixth, not the sixteenth: two seconds
    vi.advanceTimersByTime(2000);
    expect(lockout.isLockedOut('frank')).toBe(false);
  });

  it('attempt: a right factor does not reset the count (an MFA code may follow the password); only a finished sign-in does', () => {
    failTimes(4);
    expect(lockout.attempt('frank', () => true)).toBe('ok');
    expect(lockout.attempt('frank', () => false)).toBe('wrong'); // the fifth
    let checked = false;
    expect(
      lockout.attempt('frank', () => {
        checked = true;
        return true;
      }),
    ).toBe('locked');
    expect(checked).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(lockout.attempt('frank', () => true)).toBe('ok');
    lockout.succeeded('frank');
    failTimes(4);
    expect(lockout.isLockedOut('frank')).toBe(false);
  });
});
