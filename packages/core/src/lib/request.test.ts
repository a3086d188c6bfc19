// The Secure decision and the same-origin check for state-changing routes.
import { describe, expect, it } from 'vitest';
import { checkSameOrigin, isSecureRequest, requireSameOrigin } from './request.js';

const post = (headers: Record<string, string>, url = 'https://app.example/logout') =>
  new Request(url, { method: 'POST', headers });

describe('isSecureRequest', () => {
  it('trusts the URL scheme, and forwarded headers only with trustProxy', () => {
    expect(isSecureRequest(new Request('https://a.example/'))).toBe(true);
    const proxied = new Request('http://10.0.0.2/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(isSecureRequest(proxied)).toBe(false);
    expect(isSecureRequest(proxied, { trustProxy: true })).toBe(true);
    const forwarded = new Request('http://10.0.0.2/', { headers: { forwarded: 'for=1.2.3.4;proto=https' } });
    expect(isSecureRequest(forwarded, { trustProxy: true })).toBe(true);
    const plain = new Request('http://10.0.0.2/', { headers: { 'x-forwarded-proto': 'http' } });
    expect(isSecureRequest(plain, { trustProxy: true })).toBe(false);
  });
});

describe('checkSameOrigin', () => {
  it('allows safe methods whatever their origin', () => {
    expect(
      checkSameOrigin(new Request('https://app.example/logout', { headers: { origin: 'https://evil.example' } })),
    ).toBe(true);
  });

  it.each([
    [{ 'sec-fetch-site': 'same-origin' }, true],
    [{ 'sec-fetch-site': 'none' }, true],
    [{ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, false],
    [{ 'sec-fetch-site': 'same-site', origin: 'https://sub.app.example' }, false],
    [{ 'sec-fetch-site': 'same-site', origin: 'https://front.example' }, true],
    [{ origin: 'https://app.example' }, true],
    [{ origin: 'https://evil.example' }, false],
    [{ origin: 'null' }, false],
    [{}, true],
  ])('POST with %j → %s', (headers, allowed) => {
    expect(checkSameOrigin(post(headers), { allowedOrigins: ['https://front.example/'] })).toBe(allowed);
  });

  it('throws REQUEST_CROSS_SITE from requireSameOrigin', () => {
    expect(() => requireSameOrigin(post({ origin: 'https://evil.example' }))).toThrow(
      expect.objectContaining({ code: 'REQUEST_CROSS_SITE' }),
    );
  });
});
