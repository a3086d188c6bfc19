// Log-safe text: no forged log lines, no terminal escapes, bounded length.
import { describe, expect, it } from 'vitest';
import { logSafe } from './log-safe.js';

describe('logSafe', () => {
  it('strips newlines, ANSI escapes, bidi overrides and other control characters', () => {
    expect(logSafe('x\n[2026-01-01] info: admin login OK')).toBe('x[2026-01-01] info: admin login OK');
    expect(logSafe('a\u001b[31mred\u001b[0m\r\u0007b', 100)).toBe('aredb');
    expect(logSafe('\u001b]0;title\u0007ok')).toBe('ok');
    expect(logSafe('\u202eevil')).toBe('evil');
  });

  it('cuts long text and accepts any value', () => {
    expect(logSafe('a'.repeat(100), 10)).toBe('aaaaaaa...');
    expect(logSafe(undefined)).toBe('');
    expect(logSafe(42)).toBe('42');
  });
});
