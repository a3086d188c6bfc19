// The API's confirmation codes: logged as the emulator's, listed for the admin API, expiring and single use.
import { describe, expect, it } from 'vitest';
import { Clock } from '../clock.js';
import { ApiState } from './state.js';

describe('confirmation codes', () => {
  it("are printed on the log as the emulator's (a real pool e-mails them) and listed for the admin API", () => {
    const lines: string[] = [];
    const state = new ApiState(new Clock(), (line) => lines.push(line));
    const code = state.issueCode('Frank', 'SignUp');
    expect(code).toMatch(/^\d{6}$/);
    expect(lines).toEqual([`[cognito-emulator] SignUp code for "Frank": ${code}`]);
    expect(state.codesOf('frank')).toMatchObject([{ purpose: 'SignUp', code }]);
  });

  it('expire on the emulator clock (password-reset codes after an hour) and are used once', () => {
    const clock = new Clock();
    const state = new ApiState(clock, () => undefined);
    const code = state.issueCode('frank', 'ForgotPassword');
    expect(() => state.useCode('frank', 'ForgotPassword', '')).toThrow(/Invalid verification code/);
    clock.advance(3601);
    expect(state.codesOf('frank')).toEqual([]);
    expect(() => state.useCode('frank', 'ForgotPassword', code)).toThrow(/request a code again/);
    const fresh = state.issueCode('frank', 'ForgotPassword');
    state.useCode('frank', 'ForgotPassword', fresh);
    expect(() => state.useCode('frank', 'ForgotPassword', fresh)).toThrow(/Invalid verification code/);
  });
});

describe('password-reset attempts', () => {
  const wrong = (code: string) => (code === '000000' ? '000001' : '000000');

  it('allow five requests or wrong codes an hour; then every reset code is refused, the right one too', () => {
    const clock = new Clock();
    const state = new ApiState(clock, () => undefined);
    const code = state.requestCode('frank', 'ForgotPassword');
    for (let attempt = 1; attempt <= 4; attempt++)
      expect(() => state.useCode('frank', 'ForgotPassword', wrong(code))).toThrow(/Invalid verification code/);
    expect(() => state.useCode('frank', 'ForgotPassword', code)).toThrow(
      'Attempt limit exceeded, please try after some time.',
    );
    expect(() => state.requestCode('Frank', 'ForgotPassword')).toThrow(
      'Attempt limit exceeded, please try after some time.',
    );
    // Other users and other codes are not affected.
    state.useCode('ann', 'SignUp', state.issueCode('ann', 'SignUp'));
    state.useCode('ann', 'ForgotPassword', state.requestCode('ann', 'ForgotPassword'));
    // The oldest attempt leaves the hour: one more is allowed.
    clock.advance(3601);
    const fresh = state.requestCode('frank', 'ForgotPassword');
    state.useCode('frank', 'ForgotPassword', fresh);
  });

  it('count requests too (a right code is not an attempt, but cannot be entered once five are spent)', () => {
    const state = new ApiState(new Clock(), () => undefined);
    for (let request = 1; request <= 4; request++)
      state.useCode('frank', 'ForgotPassword', state.requestCode('frank', 'ForgotPassword'));
    const fifth = state.requestCode('frank', 'ForgotPassword');
    expect(() => state.requestCode('frank', 'ForgotPassword')).toThrow(/Attempt limit exceeded/);
    expect(() => state.useCode('frank', 'ForgotPassword', fifth)).toThrow(/Attempt limit exceeded/);
  });
});

describe('sign-up and attribute codes', () => {
  it('take five wrong codes an hour, then refuse the right one too; each purpose counts on its own', () => {
    const clock = new Clock();
    const state = new ApiState(clock, () => undefined);
    const code = state.issueCode('gina', 'SignUp');
    const wrong = code === '000000' ? '000001' : '000000';
    for (let attempt = 1; attempt <= 5; attempt++)
      expect(() => state.useCode('gina', 'SignUp', wrong)).toThrow(/Invalid verification code/);
    expect(() => state.useCode('gina', 'SignUp', code)).toThrow('Attempt limit exceeded, please try after some time.');
    state.useCode('gina', 'ForgotPassword', state.requestCode('gina', 'ForgotPassword'));
    clock.advance(3601);
    state.useCode('gina', 'SignUp', state.issueCode('gina', 'SignUp'));
  });
});

describe('SMS and e-mail MFA codes', () => {
  it('live three minutes, work once, and a wrong one does not use up the hourly allowance', () => {
    const clock = new Clock();
    const state = new ApiState(clock, () => undefined);
    const code = state.issueCode('sam', 'SMS_MFA');
    for (let i = 0; i < 10; i++) expect(state.useMfaCode('sam', 'SMS_MFA', 'nope')).toBe(false);
    expect(state.useMfaCode('sam', 'EMAIL_OTP', code)).toBe(false);
    expect(state.useMfaCode('sam', 'SMS_MFA', code)).toBe(true);
    expect(state.useMfaCode('sam', 'SMS_MFA', code)).toBe(false);
    const later = state.issueCode('sam', 'EMAIL_OTP');
    clock.advance(179);
    expect(state.codesOf('sam')).toMatchObject([{ purpose: 'EMAIL_OTP', code: later }]);
    clock.advance(1);
    expect(state.codesOf('sam')).toEqual([]);
    expect(state.useMfaCode('sam', 'EMAIL_OTP', later)).toBe(false);
  });
});
