// Core's one error table: every code has one status, and bodies never quote the raw message.
import { describe, expect, it } from 'vitest';
import { describeError, describeErrorCode, errorLogLine, errorResponse, errorStatus } from './error-table.js';
import {
  CognitoConfigError,
  CognitoConnectError,
  CognitoFlowError,
  CognitoHttpError,
  CognitoRequestError,
  CognitoTokenError,
} from './errors.js';

describe('error table', () => {
  it.each([
    [new CognitoHttpError('JWKS_UNAVAILABLE', 'x'), 503],
    [new CognitoHttpError('HTTP_TIMEOUT', 'x'), 504],
    [new CognitoHttpError('HTTP_STATUS', 'x'), 502],
    [new CognitoFlowError('FLOW_AUTHORIZATION_ERROR', 'x'), 400],
    [new CognitoFlowError('FLOW_STATE_MISMATCH', 'x'), 400],
    [new CognitoFlowError('FLOW_BROWSER_MISMATCH', 'x'), 403],
    [new CognitoTokenError('TOKEN_EXPIRED', 'x'), 401],
    [new CognitoTokenError('TOKEN_GROUP_REQUIRED', 'x'), 403],
    [new CognitoConfigError('CONFIG_REQUIRED', 'f', 'x'), 500],
    [new CognitoRequestError('REQUEST_CROSS_SITE', 'x'), 403],
    [new TypeError('bug'), 500],
  ])('%s → %i', (error, status) => {
    expect(errorStatus(error)).toBe(status);
  });

  it("describes a relayed code only when it is one of core's", () => {
    expect(describeErrorCode('TOKEN_GROUP_REQUIRED')).toMatchObject({ status: 403, code: 'TOKEN_GROUP_REQUIRED' });
    expect(describeErrorCode('<script>')).toBeUndefined();
    expect(describeErrorCode('toString')).toBeUndefined();
  });

  it("logs any deliberate refusal, an adapter's too, as one safe line and a bug with its stack", () => {
    class AdapterError extends CognitoConnectError {}
    expect(errorLogLine(new AdapterError('ROLE_MISSING', 'no role\n[x] forged'))).toBe(
      'cognito-connect: ROLE_MISSING: no role[x] forged',
    );
    expect(errorLogLine(new TypeError('bug'))).toMatch(/^cognito-connect: unexpected error: TypeError: bug\n/);
  });

  it('renders an escaped HTML page or JSON, never the error message', async () => {
    const error = new CognitoFlowError('FLOW_AUTHORIZATION_ERROR', 'Cognito returned "<script>"');
    const page = errorResponse(error, { links: [{ href: '/login?a=1&b=2', label: 'Sign in again' }] });
    const html = await page.text();
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(html).toContain('Error code: FLOW_AUTHORIZATION_ERROR');
    expect(html).toContain('href="/login?a=1&amp;b=2"');
    expect(html).not.toContain('<script>');
    const json = errorResponse(error, {
      request: new Request('https://a/', { headers: { accept: 'application/json' } }),
    });
    expect(await json.json()).toEqual({
      error: { status: 400, code: 'FLOW_AUTHORIZATION_ERROR', message: describeError(error).message },
    });
    expect(errorResponse(new CognitoHttpError('JWKS_UNAVAILABLE', 'x')).headers.get('retry-after')).toBe('5');
  });
});
