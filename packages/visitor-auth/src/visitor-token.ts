// The visitor token GitBook-style sites accept: an HS256 JWT signed with the site's secret, living no longer than the Cognito login.
import { CognitoConfigError, CognitoTokenError } from '@cognito-connect/core';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';

/** The claims of a visitor token: the allow-listed attributes plus `iat` and `exp`. */
export type VisitorClaims = Record<string, unknown> & { iat: number; exp: number };

const encoder = new TextEncoder();
const MIN_SECRET_LENGTH = 16;

/**
 * Throws unless `secret` can sign visitor tokens; `field` names the option in the error.
 *
 * @example
 * ```ts
 * const secret = checkSigningSecret(options.site.signingSecret, 'site.signingSecret');
 * ```
 */
export function checkSigningSecret(secret: unknown, field: string): string {
  if (typeof secret !== 'string' || secret.trim() === '') {
    throw new CognitoConfigError(
      'CONFIG_REQUIRED',
      field,
      "is required: the site's visitor signing secret (GitBook: the site's visitor authentication signing key).",
    );
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new CognitoConfigError(
      'CONFIG_WEAK_SECRET',
      field,
      `must be at least ${MIN_SECRET_LENGTH} characters (got ${secret.length}).`,
    );
  }
  return secret;
}

/**
 * When the visitor session ends: the earliest of the Cognito tokens' expiries and `now + maxTtlSeconds`,
 * so a visitor never outlives the login that admitted them.
 *
 * @example
 * ```ts
 * visitorExpiresAt([idClaims.exp, accessClaims.exp], 86_400); // never later than either token
 * ```
 */
export function visitorExpiresAt(
  tokenExpiries: ReadonlyArray<number | undefined>,
  maxTtlSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): number {
  const known = tokenExpiries.filter((exp): exp is number => typeof exp === 'number' && Number.isFinite(exp));
  return Math.floor(Math.min(nowSeconds + maxTtlSeconds, ...known));
}

/**
 * Signs `claims` into a visitor token that expires at `expiresAt` (seconds since the epoch).
 *
 * @example
 * ```ts
 * const token = await signVisitorToken({ email: 'a@example.com' }, { secret, expiresAt: Math.floor(Date.now() / 1000) + 3600 });
 * ```
 */
export async function signVisitorToken(
  claims: Readonly<Record<string, unknown>>,
  options: { secret: string; expiresAt: number },
): Promise<string> {
  const secret = checkSigningSecret(options.secret, 'secret');
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(options.expiresAt)
    .sign(encoder.encode(secret));
}

/**
 * Verifies a visitor token (HS256 only, `exp` required) and returns its claims.
 * Throws CognitoTokenError: TOKEN_EXPIRED, TOKEN_SIGNATURE_INVALID, TOKEN_ALG_NOT_ALLOWED or TOKEN_MALFORMED.
 *
 * @example
 * ```ts
 * const claims = await verifyVisitorToken(url.searchParams.get('jwt_token') ?? '', secret); // { email, iat, exp }
 * ```
 */
export async function verifyVisitorToken(token: string, secret: string): Promise<VisitorClaims> {
  const key = encoder.encode(checkSigningSecret(secret, 'secret'));
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'iat'] });
    return payload as VisitorClaims;
  } catch (cause) {
    if (cause instanceof joseErrors.JWTExpired)
      throw new CognitoTokenError('TOKEN_EXPIRED', 'The visitor token has expired.', { claim: 'exp', cause });
    if (cause instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new CognitoTokenError(
        'TOKEN_SIGNATURE_INVALID',
        "The visitor token was not signed with this site's secret.",
        { cause },
      );
    }
    if (cause instanceof joseErrors.JOSEAlgNotAllowed)
      throw new CognitoTokenError('TOKEN_ALG_NOT_ALLOWED', 'The visitor token must be signed with HS256.', {
        claim: 'alg',
        cause,
      });
    throw new CognitoTokenError('TOKEN_MALFORMED', 'The visitor token is not a valid JWT.', { cause });
  }
}
