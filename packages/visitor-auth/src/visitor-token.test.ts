import { CognitoConfigError, CognitoTokenError } from '@cognito-connect/core';
import { SignJWT, UnsecuredJWT, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { signVisitorToken, verifyVisitorToken, visitorExpiresAt } from './visitor-token.js';

const secret = 'site-signing-secret-0123456789';
const now = () => Math.floor(Date.now() / 1000);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CognitoTokenError);
    return (error as CognitoTokenError).code;
  }
  throw new Error('expected a rejection');
}

describe('visitorExpiresAt', () => {
  it('takes the earliest Cognito expiry when it comes before the cap', () => {
    expect(visitorExpiresAt([1_000 + 3_600, 1_000 + 1_800], 86_400, 1_000)).toBe(2_800);
  });

  it('caps a long-lived token at the configured maximum', () => {
    expect(visitorExpiresAt([1_000 + 86_400], 600, 1_000)).toBe(1_600);
  });

  it('ignores missing expiries', () => {
    expect(visitorExpiresAt([undefined, Number.NaN], 600, 1_000)).toBe(1_600);
  });
});

describe('signVisitorToken / verifyVisitorToken', () => {
  it('round-trips exactly the given claims plus iat and exp, signed HS256', async () => {
    const exp = now() + 600;
    const token = await signVisitorToken({ email: 'a@example.com', groups: ['admins'] }, { secret, expiresAt: exp });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = await verifyVisitorToken(token, secret);
    expect(Object.keys(claims).sort()).toEqual(['email', 'exp', 'groups', 'iat']);
    expect(claims.exp).toBe(exp);
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signVisitorToken({ sub: 'x' }, { secret: 'another-secret-0123456789', expiresAt: now() + 60 });
    expect(await codeOf(verifyVisitorToken(token, secret))).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('refuses an expired token', async () => {
    const token = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(now() - 120)
      .setExpirationTime(now() - 60)
      .sign(new TextEncoder().encode(secret));
    expect(await codeOf(verifyVisitorToken(token, secret))).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token without exp, an unsigned token and a tampered payload', async () => {
    const noExp = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .sign(new TextEncoder().encode(secret));
    expect(await codeOf(verifyVisitorToken(noExp, secret))).toBe('TOKEN_MALFORMED');
    const unsigned = new UnsecuredJWT({ sub: 'x' })
      .setIssuedAt()
      .setExpirationTime(now() + 60)
      .encode();
    expect(['TOKEN_ALG_NOT_ALLOWED', 'TOKEN_MALFORMED']).toContain(await codeOf(verifyVisitorToken(unsigned, secret)));
    const good = await signVisitorToken({ groups: ['staff'] }, { secret, expiresAt: now() + 60 });
    const [h, , s] = good.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ groups: ['admins'], iat: now(), exp: now() + 60 })).toString('base64url')}.${s}`;
    expect(await codeOf(verifyVisitorToken(forged, secret))).toBe('TOKEN_SIGNATURE_INVALID');
    expect(await codeOf(verifyVisitorToken('not-a-jwt', secret))).toBe('TOKEN_MALFORMED');
  });

  it('refuses a weak or missing secret, naming the field', async () => {
    await expect(signVisitorToken({}, { secret: 'short', expiresAt: now() + 60 })).rejects.toThrow(CognitoConfigError);
    await expect(signVisitorToken({}, { secret: '', expiresAt: now() + 60 })).rejects.toThrow(/secret: is required/);
  });
});
