// Checks what the CLI or a caller passes to the gateway, failing with the field and the fix before anything listens.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CognitoConfigError,
  type CognitoOptions,
  type CognitoSettings,
  REFRESH_TOKEN_VALIDITY,
  type ReplayGuard,
} from '@cognito-connect/core';
import { z } from 'zod';
import type { ClaimMap } from '../claims.js';

/** Options for `startGateway`: one content source (`dir` or `upstream`) behind Cognito sign-in. */
export interface GatewayOptions {
  /** The app client. `redirectUri` defaults to `<site>/_auth/callback`, `transactionSecret` to `cookieSecret`. */
  cognito: CognitoOptions | CognitoSettings;
  /** The public URL visitors use, e.g. `https://docs.example.com`. Default: `http://<host>:<port>`. */
  site?: string;
  /** A folder of static files to serve (e.g. a built docs site). */
  dir?: string;
  /** Or an HTTP server to proxy to, e.g. `http://127.0.0.1:4000`. */
  upstream?: string;
  /**
   * Or no content at all: serve only the sign-in routes and `/_auth/check` for a reverse proxy in front
   * (nginx `auth_request`, Caddy `forward_auth`, Traefik ForwardAuth); see docs/forward-auth.md.
   */
  forwardAuth?: boolean;
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1; use 0.0.0.0 in a container. */
  host?: string;
  /** Seals the session cookie; a random string of at least 32 characters (`openssl rand -base64 48`). */
  cookieSecret: string;
  /** Admit only members of at least one of these Cognito groups. */
  requiredGroups?: string | readonly string[];
  /** Claims kept in the session (and sent upstream nowhere): see ClaimMap. */
  claims?: ClaimMap;
  /**
   * Seconds a session's claims are trusted before they are checked again with Cognito (a refresh). Default: the
   * Cognito tokens' lifetime, at most one day.
   */
  sessionTtl?: number;
  /**
   * The longest a session lasts, in seconds from sign-in, however often it is refreshed: then the visitor signs in
   * again. The session refreshes its tokens with Cognito's refresh token shortly before they expire, so it also
   * ends when the refresh token expires or is revoked, or the user is disabled. Default 28 800 (8 hours, as
   * mod_auth_openidc's `OIDCSessionMaxDuration`); from 300 to 315 360 000 (Cognito's longest refresh token).
   */
  maxSessionAge?: number;
  /** Where Cognito's logout sends visitors back to. Default: the site's URL. */
  logoutUrl?: string;
  /**
   * Remembers used login transactions. Default: this process's memory, which another instance cannot see; give
   * every instance the same shared guard (`redisReplayGuard`) when several serve one site.
   */
  replayGuard?: ReplayGuard;
}

/** What the gateway serves to admitted visitors: files, an upstream, or nothing (forward-auth). */
export type GatewaySource =
  { kind: 'dir'; dir: string } | { kind: 'upstream'; upstream: URL } | { kind: 'forward-auth' };

/** The gateway's own options after validation, defaults filled in (see {@link resolveGatewayOptions}). */
export interface ResolvedGatewayOptions {
  source: GatewaySource;
  port: number;
  host: string;
  cookieSecret: string;
  maxSessionAge: number;
}

/** The default `maxSessionAge`: 8 hours. */
export const DEFAULT_MAX_SESSION_AGE = 28_800;

const schema = z.looseObject({
  cognito: z.looseObject({}),
  dir: z.string().min(1).optional(),
  upstream: z.url({ protocol: /^https?$/ }).optional(),
  forwardAuth: z.boolean().optional(),
  port: z.number().int().min(0).max(65_535).default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  cookieSecret: z.string().min(32, 'must be at least 32 characters; generate one with `openssl rand -base64 48`'),
  maxSessionAge: z
    .number('expected whole seconds')
    .int('expected whole seconds')
    .min(300, 'expected at least 300 seconds (5 minutes)')
    .max(
      REFRESH_TOKEN_VALIDITY.max,
      `expected at most ${REFRESH_TOKEN_VALIDITY.max} seconds (Cognito's longest refresh token)`,
    )
    .default(DEFAULT_MAX_SESSION_AGE),
});

/**
 * Validates the gateway's own options (core and the handler validate the rest); throws CognitoConfigError naming the field.
 *
 * @example
 * ```ts
 * const { source, port, host } = resolveGatewayOptions({ cognito, dir: './site', cookieSecret });
 * ```
 */
export function resolveGatewayOptions(options: GatewayOptions): ResolvedGatewayOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const field = issue.path.join('.') || 'options';
    // Never echo the value: the field may be a secret.
    throw new CognitoConfigError(
      issue.code === 'too_small' && field === 'cookieSecret'
        ? 'CONFIG_WEAK_SECRET'
        : field === 'maxSessionAge'
          ? 'CONFIG_INVALID_NUMBER'
          : 'CONFIG_INVALID_TYPE',
      field,
      issue.message,
    );
  }
  const { dir, upstream, forwardAuth, port, host, cookieSecret, maxSessionAge } = parsed.data;
  const common = { port, host, cookieSecret, maxSessionAge };
  if ([dir, upstream, forwardAuth || undefined].filter((source) => source !== undefined).length !== 1) {
    throw new CognitoConfigError(
      'CONFIG_REQUIRED',
      'dir',
      'give exactly one content source: dir (a folder of static files), upstream (a URL to proxy to) or forwardAuth (checks for a reverse proxy).',
    );
  }
  if (forwardAuth) return { source: { kind: 'forward-auth' }, ...common };
  if (dir !== undefined) {
    const absolute = resolve(dir);
    let isDirectory = false;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      // reported below
    }
    if (!isDirectory)
      throw new CognitoConfigError(
        'CONFIG_INVALID_TYPE',
        'dir',
        `expected a folder of static files; ${absolute} is not a directory.`,
      );
    return { source: { kind: 'dir', dir: absolute }, ...common };
  }
  const url = new URL(upstream as string);
  if (url.search || url.hash)
    throw new CognitoConfigError(
      'CONFIG_INVALID_URL',
      'upstream',
      'expected a base URL without a query string or #fragment.',
    );
  return { source: { kind: 'upstream', upstream: url }, ...common };
}
