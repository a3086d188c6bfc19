// baseUrl and parseOptions: what users paste into an address option, and the errors they get.
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { baseUrl, parseOptions } from './options.js';

const schema = z.strictObject({ siteUrl: baseUrl('site', 'https://site.example.com') });
const url = (siteUrl: unknown) => parseOptions(schema, { siteUrl }).siteUrl;

describe('baseUrl', () => {
  test('normalizes to origin + path without a trailing slash', () => {
    expect(url('https://site.example.com/')).toBe('https://site.example.com');
    expect(url('  https://Site.Example.com:8443/gitlab/ ')).toBe('https://site.example.com:8443/gitlab');
    expect(url('https://site.example.com:443')).toBe('https://site.example.com');
  });

  test('plain http only on loopback, as Cognito allows for callback URLs', () => {
    expect(url('http://localhost:3000')).toBe('http://localhost:3000');
    expect(url('http://127.0.0.1:8080/app')).toBe('http://127.0.0.1:8080/app');
    expect(url('http://[::1]:8080')).toBe('http://[::1]:8080');
    expect(() => url('http://10.0.0.5')).toThrow(
      /siteUrl: plain http is only allowed for localhost .* use https:\/\/ for 10\.0\.0\.5/,
    );
  });

  test('refuses credentials, fragments and non-strings with the option name', () => {
    expect(() => url('https://user:pw@site.example.com')).toThrow(/^siteUrl: must not contain a user name or password/);
    expect(() => url('https://site.example.com/#top')).toThrow(/^siteUrl: must not contain a #fragment/);
    expect(() => url('https://site.example.com/?a=1')).toThrow(/^siteUrl: must not contain a query string/);
    expect(() => url(42)).toThrow(/^siteUrl: expected the address of your site/);
    expect(() => url(undefined)).toThrow(/^siteUrl: is required/);
  });
});

test('parseOptions: a non-object is named as options', () => {
  expect(() => parseOptions(schema, 'https://site.example.com')).toThrow(/^options: expected an object of options/);
});
