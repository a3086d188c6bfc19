import { describe, expect, it } from 'vitest';
import { returnUrlParameter } from './forward-auth.js';

describe('returnUrlParameter', () => {
  it.each([
    // nginx: `rd=$scheme://$host$request_uri` is not encoded, so it runs to the end of the query.
    ['?rd=https://docs.example.com/a?b=1&c=2', 'https://docs.example.com/a?b=1&c=2'],
    ['?x=1&rd=https://docs.example.com/', 'https://docs.example.com/'],
    // An encoded value is decoded once (and stops at the next parameter).
    ['?rd=https%3A%2F%2Fdocs.example.com%2Fa%3Fb%3D1&x=2', 'https://docs.example.com/a?b=1'],
    ['?rd=%2Fguide%2F', '/guide/'],
    ['?location=%2F', undefined],
    ['', undefined],
    ['?rd=https%3A%2F%2F%E0%A4%A', undefined],
  ])('reads %j as %j', (search, expected) => {
    expect(returnUrlParameter(search)).toBe(expected);
  });
});
