// Software-token codes at fixed instants: which step a code belongs to, and that each code works once.
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { totpStep, useTotp } from './totp.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** A fixed instant 10 s into a 30-second step. */
const NOW = Date.UTC(2026, 10, 30, 8, 0, 10);
const STEP = Math.floor(NOW / 30_000);
const codeAt = (ms: number) => new TOTP({ secret: Secret.fromBase32(SECRET) }).generate({ timestamp: ms });

describe('totpStep', () => {
  it('names the step of the current code and of one step either side, and nothing further', () => {
    expect(totpStep(SECRET, codeAt(NOW), NOW)).toBe(STEP);
    expect(totpStep(SECRET, codeAt(NOW - 30_000), NOW)).toBe(STEP - 1);
    expect(totpStep(SECRET, codeAt(NOW + 30_000), NOW)).toBe(STEP + 1);
    expect(totpStep(SECRET, codeAt(NOW - 60_000), NOW)).toBeUndefined();
    expect(totpStep(SECRET, codeAt(NOW + 60_000), NOW)).toBeUndefined();
    expect(totpStep(SECRET, 'abcdef', NOW)).toBeUndefined();
    expect(totpStep(SECRET, `${codeAt(NOW)}0`, NOW)).toBeUndefined();
  });
});

describe('useTotp', () => {
  it('accepts a code once: the same code is refused for the rest of its window and the drift window after it', () => {
    const token: { secret: string; lastUsedStep?: number } = { secret: SECRET };
    const code = codeAt(NOW);
    expect(useTotp(token, code, NOW)).toBe(true);
    expect(token.lastUsedStep).toBe(STEP);
    expect(useTotp(token, code, NOW)).toBe(false);
    expect(useTotp(token, code, NOW + 19_000)).toBe(false); // the last second of its own step
    expect(useTotp(token, code, NOW + 30_000)).toBe(false); // still inside the one-step drift window
    // The next step's code works, once.
    expect(useTotp(token, codeAt(NOW + 30_000), NOW + 30_000)).toBe(true);
    expect(useTotp(token, codeAt(NOW + 30_000), NOW + 30_000)).toBe(false);
  });

  it('refuses an older code, still inside the drift window, once a newer one was accepted', () => {
    const token: { secret: string; lastUsedStep?: number } = { secret: SECRET };
    expect(useTotp(token, codeAt(NOW + 30_000), NOW)).toBe(true); // an authenticator running ahead
    expect(useTotp(token, codeAt(NOW), NOW)).toBe(false);
    expect(useTotp(token, codeAt(NOW - 30_000), NOW)).toBe(false);
  });

  it('leaves the token untouched when the code is wrong', () => {
    const token: { secret: string; lastUsedStep?: number } = { secret: SECRET };
    const valid = new Set([-30_000, 0, 30_000].map((d) => codeAt(NOW + d)));
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c))!;
    expect(useTotp(token, wrong, NOW)).toBe(false);
    expect(token.lastUsedStep).toBeUndefined();
    expect(useTotp(token, codeAt(NOW), NOW)).toBe(true);
  });
});
