// The one URL rule: https, or http only on loopback; no credentials or fragment.
import { describe, expect, it } from 'vitest';
import { CognitoConfigError } from './errors.js';
import { isLoopbackHost, parseHttpsUrl } from './url.js';

describe('parseHttpsUrl', () => {
  it('accepts https anywhere and http on loopback', () => {
    expect(parseHttpsUrl('f', 'https://app.example.com/cb?x=1').href).toBe('https://app.example.com/cb?x=1');
    expect(parseHttpsUrl('f', 'http://127.0.0.1:3000/cb').port).toBe('3000');
    expect(parseHttpsUrl('f', 'http://[::1]/').hostname).toBe('[::1]');
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('127.evil.example')).toBe(false);
  });

  it.each([
    [undefined, 'CONFIG_REQUIRED', /f: is required/],
    ['not a url', 'CONFIG_INVALID_URL', /expected an absolute URL/],
    ['ftp://a.example/', 'CONFIG_INVALID_URL', /scheme ftp/],
    ['javascript:alert(1)', 'CONFIG_INVALID_URL', /scheme javascript/],
    ['http://app.example.com/', 'CONFIG_INSECURE_URL', /plain http/],
    ['https://u:p@app.example.com/', 'CONFIG_INVALID_URL', /user name or password/],
    ['https://app.example.com/#x', 'CONFIG_INVALID_URL', /#fragment/],
    ['https://app.example.com/#', 'CONFIG_INVALID_URL', /#fragment/],
  ])('refuses %s with %s naming the field', (value, code, message) => {
    try {
      parseHttpsUrl('f', value);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CognitoConfigError);
      expect(error).toMatchObject({ code, field: 'f', detail: { field: 'f' } });
      expect((error as Error).message).toMatch(message);
      expect((error as CognitoConfigError).detail.problem).toBe((error as Error).message.slice(3));
    }
  });

  it('refuses a query or a path when asked', () => {
    expect(() => parseHttpsUrl('f', 'https://a.example/?q', { noQuery: true })).toThrow(/query string/);
    expect(() => parseHttpsUrl('f', 'https://a.example/p', { originOnly: true })).toThrow(/only an origin/);
  });
});
