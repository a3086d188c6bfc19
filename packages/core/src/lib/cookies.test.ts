// Cookie names, prefixes and attributes: one rule for every adapter.
import { describe, expect, it } from 'vitest';
import { clearCookie, edgeCookie, readCookie, setCookie, withCookies } from './cookies.js';

describe('edgeCookie', () => {
  it('prefixes __Host- on https at /, __Secure- on another path, nothing on http', () => {
    expect(edgeCookie('cognito-tx', { secure: true }).name).toBe('__Host-cognito-tx');
    expect(edgeCookie('cognito-tx', { secure: true, path: '/auth/' }).name).toBe('__Secure-cognito-tx');
    expect(edgeCookie('cognito-tx', { secure: false }).name).toBe('cognito-tx');
  });

  it('refuses names and paths that would break the header', () => {
    expect(() => edgeCookie('a;b', { secure: true })).toThrow(TypeError);
    expect(() => edgeCookie('__Host-x', { secure: true })).toThrow(TypeError);
    expect(() => edgeCookie('x', { secure: true, path: '/a; Domain=evil' })).toThrow(TypeError);
  });

  it('sets HttpOnly, SameSite=Lax, Secure on https and clears with Max-Age=0', () => {
    const cookie = edgeCookie('cognito-tx', { secure: true, path: '/auth/' });
    expect(setCookie(cookie, 'a.b-c_d', 600)).toBe(
      '__Secure-cognito-tx=a.b-c_d; Max-Age=600; Path=/auth/; HttpOnly; Secure; SameSite=Lax',
    );
    expect(clearCookie(cookie)).toBe(
      '__Secure-cognito-tx=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/auth/; HttpOnly; Secure; SameSite=Lax',
    );
    expect(setCookie(edgeCookie('s', { secure: false }), 'v', 1)).not.toContain('Secure');
    expect(() => setCookie(cookie, 'a;b', 1)).toThrow(TypeError);
  });

  it('reads only the exact name, from a request, headers or a header string', () => {
    const cookie = edgeCookie('tx', { secure: true });
    const header = 'x__Host-tx=no; __Host-tx=yes; other=1';
    expect(readCookie(header, cookie)).toBe('yes');
    expect(readCookie(new Headers({ cookie: header }), cookie)).toBe('yes');
    expect(readCookie(new Request('https://a.example/', { headers: { cookie: header } }), cookie)).toBe('yes');
    expect(readCookie('tx=plain', cookie)).toBeUndefined();
    expect(readCookie('__Host-tx=', cookie)).toBeUndefined();
    expect(readCookie(null, cookie)).toBeUndefined();
  });

  it('adds cookies to an immutable response', () => {
    const response = withCookies(Response.redirect('https://a.example/', 302), ['a=1', 'b=2']);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.status).toBe(302);
  });
});
