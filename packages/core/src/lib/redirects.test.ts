// Open-redirect attempts against safeRedirect: only same-site paths and allow-listed origins pass.
import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirects.js';

const base = 'https://docs.example.com';
const fallback = 'https://docs.example.com/';

describe('safeRedirect', () => {
  it.each([
    ['/guide/install?tab=npm#top', 'https://docs.example.com/guide/install?tab=npm#top'],
    ['/', 'https://docs.example.com/'],
    ['https://docs.example.com/a', 'https://docs.example.com/a'],
    ['https://app.example.com/dashboard', 'https://app.example.com/dashboard'],
  ])('allows %j', (target, expected) => {
    expect(safeRedirect(target, { base, allowedOrigins: ['https://app.example.com'] })).toBe(expected);
  });

  it.each([
    '//evil.example',
    '//evil.example/path',
    'https://evil.example',
    'https://docs.example.com.evil.example/',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    '/%252F%252Fevil.example',
    '/%5Cevil.example',
    'javascript:alert(1)',
    'data:text/html,hi',
    '/\tevil',
    ' //evil.example',
    'https://user:pass@docs.example.com/',
    'http://docs.example.com/',
    'evil.example',
    '/.//evil.example',
    '/a/..//evil.example',
    'https://docs.example.com//evil.example',
    'https://app.example.com/.//evil.example/x',
    '%',
    null,
    undefined,
    '',
  ])('refuses %j', (target) => {
    expect(safeRedirect(target as string, { base, allowedOrigins: ['https://app.example.com'] })).toBe(fallback);
  });

  it('uses the given fallback', () => {
    expect(safeRedirect('//evil.example', { base, fallback: 'https://docs.example.com/login' })).toBe(
      'https://docs.example.com/login',
    );
  });
});
