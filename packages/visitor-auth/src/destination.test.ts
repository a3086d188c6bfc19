import { CognitoConfigError } from '@cognito-connect/core';
import { describe, expect, it } from 'vitest';
import { destinationOnSite, parseSite } from './destination.js';

const root = parseSite('https://docs.example.com');
const nested = parseSite('https://example.gitbook.io/handbook/');

describe('parseSite', () => {
  it('normalizes root and nested sites', () => {
    expect(root).toMatchObject({
      url: 'https://docs.example.com/',
      origin: 'https://docs.example.com',
      path: '',
      secure: true,
    });
    expect(nested).toMatchObject({ url: 'https://example.gitbook.io/handbook', path: '/handbook' });
    expect(parseSite('http://127.0.0.1:4000').secure).toBe(false);
  });

  it.each([
    [undefined, /site.url: is required/],
    ['docs.example.com', /expected an absolute URL/],
    ['http://docs.example.com', /plain http is only allowed/],
    ['https://docs.example.com/?x=1', /must not contain a query string/],
    ['https://user:pw@docs.example.com/', /must not contain a user name or password/],
    ['https://docs.example.com/#top', /must not contain a #fragment/],
    ['ftp://docs.example.com', /scheme ftp/],
  ])('refuses %s', (value, message) => {
    expect(() => parseSite(value)).toThrow(CognitoConfigError);
    expect(() => parseSite(value)).toThrow(message);
  });
});

describe('destinationOnSite', () => {
  it('keeps a deep link with its query and fragment', () => {
    expect(destinationOnSite('/guide/setup?tab=cli#step-2', root)).toBe(
      'https://docs.example.com/guide/setup?tab=cli#step-2',
    );
    expect(destinationOnSite('https://docs.example.com/reference', root)).toBe('https://docs.example.com/reference');
  });

  it('places GitBook-style locations under a nested site, once', () => {
    expect(destinationOnSite('/getting-started', nested)).toBe('https://example.gitbook.io/handbook/getting-started');
    expect(destinationOnSite('/handbook/getting-started', nested)).toBe(
      'https://example.gitbook.io/handbook/getting-started',
    );
    expect(destinationOnSite(null, nested)).toBe('https://example.gitbook.io/handbook');
  });

  it('drops a stale jwt_token', () => {
    expect(destinationOnSite('/page?jwt_token=old&x=1', root)).toBe('https://docs.example.com/page?x=1');
  });

  it.each([
    '//evil.example',
    '//evil.example/docs',
    'https://evil.example',
    'https://evil.example/https://docs.example.com/',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2Fevil.example',
    '%2F%2Fevil.example',
    '/%252F%252Fevil.example',
    '/%5Cevil.example',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https://docs.example.com.evil.example/',
    'https://user@evil.example',
    '/\t/evil.example',
    'http://docs.example.com/',
    '',
  ])('sends %j to the site root', (location) => {
    expect(destinationOnSite(location, root)).toBe('https://docs.example.com/');
    const nestedTarget = destinationOnSite(location, nested);
    expect(nestedTarget.startsWith('https://example.gitbook.io/handbook')).toBe(true);
  });
});
