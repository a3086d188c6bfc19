// The admin session's cookies against the installed @strapi/admin's own resolver (shared/utils/session-auth): a patch release
// that renames the refresh cookie or changes how admin.auth.cookie.* resolves fails here before it breaks a sign-in.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Strapi } from '../../strapi.js';
import { ADMIN_REFRESH_COOKIE, adminCookies, refreshCookieOptions } from './admin-session.js';

const require = createRequire(import.meta.url);
const adminRoot = dirname(require.resolve('@strapi/admin/package.json'));

interface SessionAuth {
  REFRESH_COOKIE_NAME: string;
  getAccessCookieName(): string;
  getAccessCookiePath(): string;
  getAccessCookieDomain(): string | undefined;
  getRefreshCookieOptions(secureRequest?: boolean): Record<string, unknown>;
  buildCookieOptionsWithExpiry(type: string, absoluteExpiresAt: string | undefined, secure?: boolean): unknown;
}
const strapiOwn = require(join(adminRoot, 'dist/server/shared/utils/session-auth.js')) as SessionAuth;

/** A Strapi whose config is `config` (dotted paths), installed as the global the admin's module reads. */
function withConfig(config: Record<string, unknown>): Strapi {
  const strapi = {
    config: { get: (path: string, fallback?: unknown) => (path in config ? config[path] : fallback) },
    log: { warn: () => undefined },
  };
  (globalThis as { strapi?: unknown }).strapi = strapi;
  return strapi as unknown as Strapi;
}

const env = process.env.NODE_ENV;
afterEach(() => {
  process.env.NODE_ENV = env;
  delete (globalThis as { strapi?: unknown }).strapi;
});

const CONFIGS: Record<string, Record<string, unknown>> = {
  defaults: {},
  'every option set': {
    'admin.auth.cookie.name': 'cmsToken',
    'admin.auth.cookie.path': '/cms',
    'admin.auth.cookie.domain': 'example.com',
    'admin.auth.cookie.sameSite': 'strict',
    'admin.auth.cookie.secure': true,
  },
  'the legacy admin.auth.domain': { 'admin.auth.domain': 'legacy.example.com', 'admin.auth.cookie.secure': false },
  'invalid values': {
    'admin.auth.cookie.name': 'has space',
    'admin.auth.cookie.path': 'no-slash',
    'admin.auth.cookie.domain': 'https://example.com',
  },
};

describe("the admin session's cookies match @strapi/admin's", () => {
  it('names the refresh cookie as the admin reads it at /admin/access-token', () => {
    expect(ADMIN_REFRESH_COOKIE).toBe(strapiOwn.REFRESH_COOKIE_NAME);
  });

  for (const [name, config] of Object.entries(CONFIGS)) {
    for (const nodeEnv of ['development', 'production']) {
      it(`resolves name, path, domain and attributes like Strapi (${name}, ${nodeEnv})`, () => {
        process.env.NODE_ENV = nodeEnv;
        const strapi = withConfig(config);
        const ours = adminCookies(strapi);
        expect(ours.accessName).toBe(strapiOwn.getAccessCookieName());
        expect(ours.path).toBe(strapiOwn.getAccessCookiePath());
        expect(ours.domain).toBe(strapiOwn.getAccessCookieDomain());
        for (const secure of [true, false]) {
          expect(refreshCookieOptions(strapi, secure)).toEqual(strapiOwn.getRefreshCookieOptions(secure));
          // A browser-session login: the options the admin's own password login sets without "remember me".
          expect(refreshCookieOptions(strapi, secure)).toEqual(
            strapiOwn.buildCookieOptionsWithExpiry('session', undefined, secure),
          );
        }
      });
    }
  }
});
