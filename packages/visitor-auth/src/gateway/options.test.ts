import { fileURLToPath } from 'node:url';
import { CognitoConfigError } from '@cognito-connect/core';
import { describe, expect, it } from 'vitest';
import { type GatewayOptions, resolveGatewayOptions } from './options.js';

const DOCS = fileURLToPath(new URL('../../../../test-fixtures/docs-site', import.meta.url));
const base: GatewayOptions = {
  cognito: { userPoolId: 'eu-west-1_AbC123xyZ', domain: 'acme', clientId: 'c' },
  dir: DOCS,
  cookieSecret: 'x'.repeat(32),
};

function refusal(options: unknown): CognitoConfigError {
  try {
    resolveGatewayOptions(options as GatewayOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(CognitoConfigError);
    return error as CognitoConfigError;
  }
  throw new Error('expected a refusal');
}

describe('resolveGatewayOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveGatewayOptions(base)).toEqual({
      source: { kind: 'dir', dir: DOCS },
      port: 8080,
      host: '127.0.0.1',
      cookieSecret: 'x'.repeat(32),
      maxSessionAge: 28_800,
    });
    const upstream = resolveGatewayOptions({ ...base, dir: undefined, upstream: 'http://127.0.0.1:4000', port: 0 });
    expect(upstream.source).toEqual({ kind: 'upstream', upstream: new URL('http://127.0.0.1:4000') });
    expect(upstream.port).toBe(0);
    const checks = resolveGatewayOptions({ ...base, dir: undefined, forwardAuth: true });
    expect(checks.source).toEqual({ kind: 'forward-auth' });
  });

  it('refuses a short cookie secret without echoing it', () => {
    const error = refusal({ ...base, cookieSecret: 'short-secret-value' });
    expect(error).toMatchObject({ code: 'CONFIG_WEAK_SECRET', field: 'cookieSecret' });
    expect(error.message).not.toContain('short-secret-value');
    expect(refusal({ ...base, cookieSecret: undefined }).field).toBe('cookieSecret');
  });

  it.each([
    [{ dir: undefined }, 'dir', /exactly one content source/],
    [{ upstream: 'http://127.0.0.1:4000' }, 'dir', /exactly one content source/],
    [{ forwardAuth: true }, 'dir', /exactly one content source/],
    [{ dir: undefined, forwardAuth: 'yes' }, 'forwardAuth', /./],
    [{ dir: `${DOCS}/index.html` }, 'dir', /is not a directory/],
    [{ dir: undefined, upstream: 'ftp://files.example.com' }, 'upstream', /./],
    [{ dir: undefined, upstream: 'http://127.0.0.1:4000/?a=1' }, 'upstream', /without a query string/],
    [{ port: 70_000 }, 'port', /./],
    [{ cognito: 'acme' }, 'cognito', /./],
    [{ maxSessionAge: 60 }, 'maxSessionAge', /at least 300 seconds/],
    [{ maxSessionAge: 4e8 }, 'maxSessionAge', /longest refresh token/],
    [{ maxSessionAge: 3600.5 }, 'maxSessionAge', /whole seconds/],
    [{ maxSessionAge: '1h' }, 'maxSessionAge', /whole seconds/],
  ])('refuses %j naming the field', (change, field, message) => {
    const error = refusal({ ...base, ...change });
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});
