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
