// Sealed transactions: readable only with the right secret and purpose, refused once expired or tampered.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryReplayGuard } from './replay.js';
import { seal, unseal } from './seal.js';

const secret = 'a-very-long-transaction-secret-for-tests-0123456789';

afterEach(() => vi.useRealTimers());

describe('seal / unseal', () => {
  it('round-trips, and hides the content', async () => {
    const sealed = await seal({ verifier: 'pkce-verifier-value', returnTo: '/a' }, secret, {
      purpose: 'transaction',
      ttlSeconds: 60,
    });
    expect(sealed).not.toContain('pkce-verifier-value');
    expect(sealed).toMatch(/^[\w.-]+$/);
    await expect(unseal(sealed, secret, 'transaction')).resolves.toMatchObject({
      verifier: 'pkce-verifier-value',
      returnTo: '/a',
    });
  });

  it('refuses another secret, another purpose, tampering and garbage', async () => {
    const sealed = await seal({ a: 1 }, secret, { purpose: 'transaction', ttlSeconds: 60 });
    await expect(unseal(sealed, `${secret}x`, 'transaction')).rejects.toMatchObject({
      code: 'FLOW_TRANSACTION_INVALID',
    });
    await expect(unseal(sealed, secret, 'session')).rejects.toMatchObject({ code: 'FLOW_TRANSACTION_INVALID' });
    const parts = sealed.split('.');
    const ct = parts[3] as string;
    parts[3] = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1);
    await expect(unseal(parts.join('.'), secret, 'transaction')).rejects.toMatchObject({
      code: 'FLOW_TRANSACTION_INVALID',
    });
    await expect(unseal('', secret, 'transaction')).rejects.toMatchObject({ code: 'FLOW_TRANSACTION_INVALID' });
    await expect(unseal('x'.repeat(9000), secret, 'transaction')).rejects.toMatchObject({
      code: 'FLOW_TRANSACTION_INVALID',
    });
  });

  it('refuses an expired seal', async () => {
    const sealed = await seal({ a: 1 }, secret, { purpose: 'transaction', ttlSeconds: 30 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31_000);
    await expect(unseal(sealed, secret, 'transaction')).rejects.toMatchObject({ code: 'FLOW_TRANSACTION_EXPIRED' });
  });
});

describe('memoryReplayGuard', () => {
  it('allows an ID once until it expires', () => {
    const guard = memoryReplayGuard(2);
    const exp = Date.now() / 1000 + 60;
    expect(guard.use('a', exp)).toBe(true);
    expect(guard.use('a', exp)).toBe(false);
    expect(guard.use('b', exp)).toBe(true);
  });

  it('never evicts an unexpired ID when full: it refuses new ones until old ones expire', () => {
    vi.useFakeTimers();
    try {
      const guard = memoryReplayGuard(2);
      const exp = Date.now() / 1000 + 60;
      guard.use('a', exp);
      guard.use('b', exp);
      expect(() => guard.use('c', exp)).toThrow(expect.objectContaining({ code: 'FLOW_REPLAY_GUARD_FULL' }));
      // 'a' is still remembered: replaying it is refused, not forgotten to make room.
      expect(guard.use('a', exp)).toBe(false);
      vi.setSystemTime(Date.now() + 61_000);
      expect(guard.use('c', Date.now() / 1000 + 60)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
