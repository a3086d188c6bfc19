import { seal } from '@cognito-connect/core';
import { describe, expect, it, vi } from 'vitest';
import { sessionStore } from './session.js';

const secret = 'session-secret-0123456789abcdef0123456789';
const AUDIENCE = 'client-a https://docs.example.com';
const now = () => Math.floor(Date.now() / 1000);
const cookieOf = (setCookie: string) => setCookie.split(';')[0] as string;

describe('sessionStore', () => {
  it('seals claims into a cookie that lives exactly as long as the session, and reads them back', async () => {
    const store = sessionStore(secret, false, AUDIENCE);
    const expiresAt = now() + 600;
    const setCookie = await store.create({ claims: { sub: 'u-1', groups: ['readers'] }, expiresAt });
    expect(setCookie).toMatch(/^cc-visitor=[\w.-]+; Max-Age=(599|600); Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await store.read(cookieOf(setCookie))).toEqual({ claims: { sub: 'u-1', groups: ['readers'] }, expiresAt });
    expect(await store.read(`theme=dark; ${cookieOf(setCookie)}`)).not.toBeNull();
  });

  it('names the cookie __Host- and marks it Secure on https', async () => {
    const store = sessionStore(secret, true, AUDIENCE);
    expect(store.cookie.name).toBe('__Host-cc-visitor');
    expect(await store.create({ claims: {}, expiresAt: now() + 60 })).toMatch(
      /^__Host-cc-visitor=.*; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(store.clear()).toMatch(/^__Host-cc-visitor=; Max-Age=0;/);
  });

  it('reads nothing from a missing, forged, foreign or mis-purposed cookie', async () => {
    const store = sessionStore(secret, false, AUDIENCE);
    expect(await store.read(undefined)).toBeNull();
    expect(await store.read('other=1')).toBeNull();
    expect(await store.read('cc-visitor=forged')).toBeNull();
    const foreign = await sessionStore('another-secret-0123456789abcdef01234', false, AUDIENCE).create({
      claims: { sub: 'x' },
      expiresAt: now() + 60,
    });
    expect(await store.read(cookieOf(foreign))).toBeNull();
    const transaction = await seal({ c: { sub: 'x' } }, secret, { purpose: 'transaction', ttlSeconds: 60 });
    expect(await store.read(`cc-visitor=${transaction}`)).toBeNull();
  });

  it("reads nothing from a session another site's gateway sealed with the same secret", async () => {
    const other = await sessionStore(secret, false, 'client-b https://internal.example.com').create({
      claims: { sub: 'x' },
      expiresAt: now() + 60,
    });
    expect(await sessionStore(secret, false, AUDIENCE).read(cookieOf(other))).toBeNull();
    const unbound = await seal({ c: { sub: 'x' } }, secret, { purpose: 'visitor-session', ttlSeconds: 60 });
    expect(await sessionStore(secret, false, AUDIENCE).read(`cc-visitor=${unbound}`)).toBeNull();
  });

  it('stops honouring a remembered cookie once it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const store = sessionStore(secret, false, AUDIENCE);
      const cookie = cookieOf(await store.create({ claims: { sub: 'x' }, expiresAt: now() + 2 }));
      expect(await store.read(cookie)).not.toBeNull();
      vi.setSystemTime(Date.now() + 2_000);
      expect(await store.read(cookie)).toBeNull();
      // A cookie never opened before is refused by its sealed expiry too.
      expect(await sessionStore(secret, false, AUDIENCE).read(cookie)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps a refreshable session, with a Cognito-sized refresh token, in one cookie well under browsers' 4 KB", async () => {
    const store = sessionStore(secret, true, AUDIENCE);
    // Cognito's refresh tokens are JWEs of about 1,780 characters; round up.
    const refreshToken = `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.${'x'.repeat(1_740)}`;
    const claims = {
      sub: '0c5a1f3e-8d2b-4f6a-9e1d-7b3c5a2f8e41',
      email: 'a.rather.long.address@docs.example.com',
      groups: ['readers', 'admins', 'engineering-leads'],
    };
    const session = { claims, expiresAt: now() + 3600, refreshToken, endsAt: now() + 28_800 };
    const setCookie = await store.create(session);
    expect(setCookie.length).toBeLessThan(3_600);
    expect(await store.read(cookieOf(setCookie))).toEqual(session);
  });
});
