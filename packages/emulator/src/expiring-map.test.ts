// Expiry by the emulator clock, single use, and sweeping under load.
import { describe, expect, it } from 'vitest';
import { Clock } from './clock.js';
import { ExpiringMap } from './expiring-map.js';

describe('ExpiringMap', () => {
  it('forgets entries once the clock passes their lifetime', () => {
    const clock = new Clock();
    const map = new ExpiringMap<string>(clock);
    map.set('a', 'A', 10);
    clock.advance(9);
    expect(map.get('a')).toBe('A');
    clock.advance(1);
    expect(map.get('a')).toBeUndefined();
  });

  it('hands an entry out once with take()', () => {
    const map = new ExpiringMap<number>(new Clock());
    map.set('k', 1, 60);
    expect(map.take('k')).toBe(1);
    expect(map.take('k')).toBeUndefined();
  });

  it('sweeps expired entries as new ones arrive', () => {
    const clock = new Clock();
    const map = new ExpiringMap<number>(clock);
    for (let i = 0; i < 999; i++) map.set(`old${i}`, i, 1);
    clock.advance(2);
    map.set('fresh', 1, 60);
    expect(map.values()).toEqual([1]);
  });
});
