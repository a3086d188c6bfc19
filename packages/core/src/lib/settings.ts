// Turns what people paste from the Cognito console into validated settings, or an error naming the field and the fix.
import { CognitoConfigError, describeShape } from './errors.js';
import { parseHttpsUrl, show } from './url.js';
import { type CognitoEndpoints, cognitoEndpoints, cognitoIssuer, cognitoPrefixDomain } from './endpoints.js';

/** How the app client proves itself at the token endpoint. `none` is a public client (no secret). */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** What you give `defineCognito`. Only `userPoolId`, `domain` and `clientId` are required. */
export interface CognitoOptions {
  /** `us-east-1_AbC123xyZ`, from the user pool's overview page. The region is read from it. */
  userPoolId: string;
  /** Optional; when given it must match the pool ID's region. */
  region?: string;
  /** A domain prefix (`myapp`), the full host (`myapp.auth.us-east-1.amazoncognito.com`), a custom domain, with or without `https://`. */
  domain: string;
  /** The app client ID. */
  clientId: string;
  /** The app client secret, for confidential clients. Never logged or echoed. */
  clientSecret?: string;
  /** Defaults to `client_secret_basic` with a secret, `none` without. */
  clientAuthMethod?: ClientAuthMethod;
  /** Your callback URL, exactly as registered on the app client. Needed to log users in. */
  redirectUri?: string;
  /** Where Cognito's `/logout` sends users back to; must be one of the app client's sign-out URLs. */
  logoutUri?: string;
  /** Space or comma separated, or an array. Defaults to `openid email profile`. Must include `openid`. */
  scopes?: string | readonly string[];
  /** Send every login straight to this federated identity provider (its name in the pool). */
  identityProvider?: string;
  /** Overrides the issuer URL (for the emulator or tests); plain http is accepted on loopback only. */
  issuer?: string;
  /** Seals login transactions (PKCE verifier, state, nonce) into a cookie-safe string; at least 32 characters. */
  transactionSecret?: string;
  /** How long a started login may take before its transaction is refused. Default 600 s. */
  transactionTtlSeconds?: number;
  /** Leeway for `exp`, `nbf`, `iat`. Default 5 s. */
  clockToleranceSeconds?: number;
  /** Timeout for each HTTP request to Cognito. Default 10 000 ms. */
  timeoutMs?: number;
  /** A custom `fetch` (proxies, tests). */
  fetch?: typeof fetch;
}

/** Validated, normalized settings. Secrets stay out of `JSON.stringify` and `console.log`. */
export interface CognitoSettings {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly clientAuthMethod: ClientAuthMethod;
  readonly redirectUri: string | undefined;
  readonly logoutUri: string | undefined;
  readonly scopes: readonly string[];
  readonly identityProvider: string | undefined;
  /** The domain's origin, e.g. `https://myapp.auth.us-east-1.amazoncognito.com`. */
  readonly domain: string;
  /** The `iss` of this pool's tokens (the override when one was given). */
  readonly issuer: string;
  /** `prefix` (Cognito-hosted domain), `custom`, or `local` (loopback http, e.g. the emulator). */
  readonly domainKind: 'prefix' | 'custom' | 'local';
  readonly endpoints: CognitoEndpoints;
  readonly transactionSecret: string | undefined;
  readonly transactionTtlSeconds: number;
  readonly clockToleranceSeconds: number;
  readonly timeoutMs: number;
  /** The custom `fetch` given in the options, if any; `undefined` means the global `fetch`. */
  readonly fetch: typeof fetch | undefined;
}

/** The scopes a login asks for when settings name none: `openid email profile`. */
export const DEFAULT_SCOPES: readonly string[] = Object.freeze(['openid', 'email', 'profile']);

const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
// The one pool-ID rule (createVerifier uses it through definePool): `<region>_<id>`.
const USER_POOL_ID = /^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})_([0-9A-Za-z]{1,40})$/;
const CLIENT_ID = /^[\w+]{1,128}$/;
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;
const COGNITO_DOMAIN = /^[a-z0-9-]+\.auth(?:-fips)?\.([a-z0-9-]+)\.amazoncognito\.com$/;
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

function requireString(field: string, value: unknown, expected: string): string {
  if (value === undefined || value === null || value === '') {
    throw new CognitoConfigError('CONFIG_REQUIRED', field, `is required: ${expected}.`);
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CognitoConfigError('CONFIG_INVALID_TYPE', field, `expected ${expected}; got ${describeShape(value)}.`);
  }
  return value.trim();
}

function optionalString(field: string, value: unknown, expected: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return requireString(field, value, expected);
}

function parseUserPoolId(value: unknown): { userPoolId: string; region: string } {
  const userPoolId = requireString('userPoolId', value, 'the user pool ID, such as us-east-1_AbC123xyZ');
  const match = USER_POOL_ID.exec(userPoolId);
  if (!match) {
    const hint = userPoolId.startsWith('arn:')
      ? ' You pasted an ARN; use the part after "userpool/".'
      : userPoolId.includes('://')
        ? ' You pasted a URL; use the pool ID from the pool overview page.'
        : '';
    throw new CognitoConfigError(
      'CONFIG_INVALID_USER_POOL_ID',
      'userPoolId',
      `expected "<region>_<id>" such as us-east-1_AbC123xyZ; got ${show(userPoolId)}.${hint}`,
    );
  }
  return { userPoolId, region: match[1] as string };
}

function parseRegion(value: unknown, poolRegion: string): string {
  const region = optionalString('region', value, 'an AWS region such as us-east-1');
  if (region === undefined) return poolRegion;
  if (!REGION.test(region)) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_REGION',
      'region',
      `expected an AWS region such as eu-west-1; got ${show(region)}.`,
    );
  }
  if (region !== poolRegion) {
    throw new CognitoConfigError(
      'CONFIG_REGION_MISMATCH',
      'region',
      `is ${region} but the user pool ID is in ${poolRegion}; drop "region" (it is read from the pool ID) or fix the pool ID.`,
    );
  }
  return region;
}

/** The one URL rule (url.ts), with this option's words in the error. */
function parseAbsoluteUrl(field: string, value: string, what: string): URL {
  return parseHttpsUrl(field, value, { what });
}

function parseDomain(value: unknown, region: string): { origin: string; kind: CognitoSettings['domainKind'] } {
  const raw = requireString('domain', value, 'the Cognito domain prefix, its full host, or your custom domain');
  if (/^https?:\/*https?:?\/*/i.test(raw)) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_DOMAIN',
      'domain',
      `the scheme is pasted twice in ${show(raw)}; give the host once, e.g. myapp.auth.${region}.amazoncognito.com.`,
    );
  }
  if (raw.includes('://')) {
    const url = parseAbsoluteUrl('domain', raw, 'the Cognito domain');
    if (url.pathname !== '/' || url.search) {
      throw new CognitoConfigError(
        'CONFIG_INVALID_DOMAIN',
        'domain',
        `expected only the domain, got a URL with the path ${show(url.pathname + url.search)}; drop everything after the host (core adds /oauth2/... itself).`,
      );
    }
    if (url.protocol === 'http:') return { origin: url.origin, kind: 'local' };
    return { origin: url.origin, kind: checkHost(url.hostname, region) };
  }
  const host = raw.replace(/\/+$/, '').toLowerCase();
  if (host.includes('/')) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_DOMAIN',
      'domain',
      `expected only the domain, got a path in ${show(raw)}; drop everything after the host.`,
    );
  }
  if (DOMAIN_PREFIX.test(host)) {
    return { origin: `https://${cognitoPrefixDomain(host, region)}`, kind: 'prefix' };
  }
  return { origin: `https://${host}`, kind: checkHost(host, region) };
}

function checkHost(host: string, region: string): CognitoSettings['domainKind'] {
  if (!HOSTNAME.test(host)) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_DOMAIN',
      'domain',
      `${show(host)} is not a host name; expected a prefix such as "myapp", or a host such as myapp.auth.${region}.amazoncognito.com or auth.example.com.`,
    );
  }
  if (/^cognito-idp\./.test(host)) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_DOMAIN',
      'domain',
      'that is the issuer host (cognito-idp...), not the user pool domain; use the domain from "App integration > Domain".',
    );
  }
  const cognito = COGNITO_DOMAIN.exec(host);
  if (cognito) {
    if (cognito[1] !== region) {
      throw new CognitoConfigError(
        'CONFIG_REGION_MISMATCH',
        'domain',
        `is in ${cognito[1]} but the user pool ID is in ${region}; a pool's domain is always in the pool's region.`,
      );
    }
    return 'prefix';
  }
  return 'custom';
}

function parseScopes(value: unknown): readonly string[] {
  if (value === undefined || value === null) return DEFAULT_SCOPES;
  let list: unknown[];
  if (typeof value === 'string') list = value.split(/[\s,]+/).filter(Boolean);
  else if (Array.isArray(value))
    list = value.flatMap((s) => (typeof s === 'string' ? s.split(/[\s,]+/).filter(Boolean) : [s]));
  else
    throw new CognitoConfigError(
      'CONFIG_INVALID_TYPE',
      'scopes',
      `expected a space-separated string or an array of scopes; got ${describeShape(value)}.`,
    );
  for (const scope of list) {
    if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
      throw new CognitoConfigError(
        'CONFIG_INVALID_SCOPES',
        'scopes',
        `each scope must be a non-empty string without spaces or quotes; got ${describeShape(scope)}.`,
      );
    }
  }
  const scopes = [...new Set(list as string[])];
  if (!scopes.includes('openid')) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_SCOPES',
      'scopes',
      'must include "openid": without it Cognito returns no ID token and the login cannot be verified.',
    );
  }
  return Object.freeze(scopes);
}

function parseAuthMethod(value: unknown, secret: string | undefined): ClientAuthMethod {
  if (value === undefined || value === null) return secret ? 'client_secret_basic' : 'none';
  if (value !== 'client_secret_basic' && value !== 'client_secret_post' && value !== 'none') {
    throw new CognitoConfigError(
      'CONFIG_AUTH_METHOD',
      'clientAuthMethod',
      `expected "client_secret_basic", "client_secret_post" or "none"; got ${describeShape(value)}.`,
    );
  }
  if (value !== 'none' && !secret) {
    throw new CognitoConfigError(
      'CONFIG_AUTH_METHOD',
      'clientAuthMethod',
      `${value} needs clientSecret; this is a public client (no secret), so use "none" or add the app client's secret.`,
    );
  }
  if (value === 'none' && secret) {
    throw new CognitoConfigError(
      'CONFIG_AUTH_METHOD',
      'clientAuthMethod',
      '"none" is for public clients, but a clientSecret was given; Cognito rejects a confidential client that does not authenticate. Remove the secret or pick client_secret_basic.',
    );
  }
  return value;
}

function parseNumber(field: string, value: unknown, fallback: number, min: number, max: number, unit: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_NUMBER',
      field,
      `expected a number of ${unit} from ${min} to ${max}; got ${typeof value === 'number' ? value : describeShape(value)}.`,
    );
  }
  return value;
}

function parseUrlOption(field: string, value: unknown, what: string): string | undefined {
  const raw = optionalString(field, value, `an absolute URL (${what})`);
  if (raw === undefined) return undefined;
  parseAbsoluteUrl(field, raw, what);
  return raw;
}

function parseIssuer(value: unknown, region: string, userPoolId: string): string {
  const raw = optionalString('issuer', value, 'the issuer URL');
  if (raw === undefined) return cognitoIssuer(region, userPoolId);
  const url = parseAbsoluteUrl('issuer', raw, 'the token issuer');
  if (url.search) throw new CognitoConfigError('CONFIG_INVALID_URL', 'issuer', 'must not contain a query string.');
  return url.href.replace(/\/+$/, '');
}

/** A user pool alone: what an API that only verifies Bearer tokens needs, with no app client or domain. */
export interface CognitoPool {
  readonly userPoolId: string;
  readonly region: string;
  readonly issuer: string;
  readonly jwksUri: string;
}

/**
 * Validates a pool ID (and optional region / issuer override) the way defineCognito does, without an app client.
 *
 * @example
 * ```ts
 * const pool = definePool({ userPoolId: 'eu-west-1_AbC123xyZ' });
 * pool.jwksUri; // 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyZ/.well-known/jwks.json'
 * ```
 */
export function definePool(options: { userPoolId: string; region?: string; issuer?: string }): CognitoPool {
  if (typeof options !== 'object' || options === null) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_TYPE',
      'options',
      `expected an object with userPoolId; got ${describeShape(options)}.`,
    );
  }
  const { userPoolId, region: poolRegion } = parseUserPoolId(options.userPoolId);
  const region = parseRegion(options.region, poolRegion);
  const issuer = parseIssuer(options.issuer, region, userPoolId);
  return Object.freeze({ userPoolId, region, issuer, jwksUri: `${issuer}/.well-known/jwks.json` });
}

const REDACTED = '[redacted]';

/**
 * Validates and normalizes Cognito settings. Throws `CognitoConfigError` naming the field, what was expected and the fix.
 * Idempotent: passing the result (or a spread of it) again gives equal settings.
 *
 * @example
 * ```ts
 * const settings = defineCognito({ userPoolId: 'eu-west-1_AbC123xyZ', domain: 'myapp', clientId: '4tg7fhidb5adr5jc1bna4me2i6' });
 * settings.endpoints.token; // 'https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/token'
 * ```
 */
export function defineCognito(options: CognitoOptions | CognitoSettings): CognitoSettings {
  if (isSettings(options)) return options;
  if (typeof options !== 'object' || options === null) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_TYPE',
      'options',
      `expected an object of Cognito settings; got ${describeShape(options)}.`,
    );
  }
  const { userPoolId, region, issuer } = definePool(options);
  const clientId = requireString('clientId', options.clientId, 'the app client ID');
  if (!CLIENT_ID.test(clientId)) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_CLIENT_ID',
      'clientId',
      `expected letters, digits, "_" or "+" (up to 128), as Cognito issues them; got ${describeShape(clientId)}.`,
    );
  }
  const clientSecret = optionalString('clientSecret', options.clientSecret, 'the app client secret');
  const clientAuthMethod = parseAuthMethod(options.clientAuthMethod, clientSecret);
  const domain = parseDomain(options.domain, region);
  const transactionSecret = optionalString(
    'transactionSecret',
    options.transactionSecret,
    'a random string of at least 32 characters',
  );
  if (transactionSecret !== undefined && transactionSecret.length < 32) {
    throw new CognitoConfigError(
      'CONFIG_WEAK_SECRET',
      'transactionSecret',
      `must be at least 32 characters (got ${transactionSecret.length}); generate one with \`openssl rand -base64 48\`.`,
    );
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new CognitoConfigError(
      'CONFIG_INVALID_TYPE',
      'fetch',
      `expected a fetch function; got ${describeShape(options.fetch)}.`,
    );
  }
  const identityProvider = optionalString(
    'identityProvider',
    options.identityProvider,
    'the name of a federated identity provider in the pool',
  );
  const settings: CognitoSettings = {
    region,
    userPoolId,
    clientId,
    clientSecret,
    clientAuthMethod,
    redirectUri: parseUrlOption('redirectUri', options.redirectUri, 'your callback URL, registered on the app client'),
    logoutUri: parseUrlOption('logoutUri', options.logoutUri, 'a sign-out URL registered on the app client'),
    scopes: parseScopes(options.scopes),
    identityProvider,
    domain: domain.origin,
    domainKind: domain.kind,
    issuer,
    endpoints: cognitoEndpoints({ domainOrigin: domain.origin, issuer }),
    transactionSecret,
    transactionTtlSeconds: parseNumber(
      'transactionTtlSeconds',
      options.transactionTtlSeconds,
      600,
      30,
      86_400,
      'seconds',
    ),
    clockToleranceSeconds: parseNumber('clockToleranceSeconds', options.clockToleranceSeconds, 5, 0, 300, 'seconds'),
    timeoutMs: parseNumber('timeoutMs', options.timeoutMs, 10_000, 100, 120_000, 'milliseconds'),
    fetch: options.fetch,
  };
  // Secrets are enumerable so `{ ...settings, redirectUri }` keeps working, but never serialize or print.
  const redacted = () => ({
    ...settings,
    clientSecret: settings.clientSecret && REDACTED,
    transactionSecret: settings.transactionSecret && REDACTED,
    fetch: settings.fetch && '[function]',
  });
  Object.defineProperty(settings, 'toJSON', { value: redacted, enumerable: false });
  Object.defineProperty(settings, Symbol.for('nodejs.util.inspect.custom'), { value: redacted, enumerable: false });
  return Object.freeze(settings);
}

function isSettings(input: unknown): input is CognitoSettings {
  return typeof input === 'object' && input !== null && Object.isFrozen(input) && 'endpoints' in input;
}

/** Settings from options or from already-validated settings. */
export function toSettings(input: CognitoOptions | CognitoSettings): CognitoSettings {
  return defineCognito(input);
}
