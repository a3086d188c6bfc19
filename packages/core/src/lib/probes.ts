// Checks a configuration against the live pool without logging anyone in: `diagnose`, what `cognito-connect doctor` runs.
import { fetchJson } from './http.js';
import type { CognitoSettings } from './settings.js';

/** One check of {@link diagnose}: what was checked, whether it passed, what was found and how to fix it. */
export interface DiagnosticCheck {
  /** Stable identifier of the check, e.g. `discovery`, `jwks`, `authorize`, `callback`, `secret`. */
  check: string;
  ok: boolean;
  /** What was found, in one line. */
  detail: string;
  /** How to fix it, when it failed. */
  fix?: string;
}

const request = (settings: CognitoSettings, url: string, init: RequestInit = {}) =>
  (settings.fetch ?? fetch)(url, { redirect: 'manual', signal: AbortSignal.timeout(settings.timeoutMs), ...init });

function failure(check: string, error: unknown, fix: string): DiagnosticCheck {
  return { check, ok: false, detail: (error as Error)?.message ?? String(error), fix };
}

/** The discovery document is reachable and agrees with the settings (issuer, JWKS URL, endpoints on the domain). */
export async function probeDiscovery(settings: CognitoSettings): Promise<DiagnosticCheck> {
  const { endpoints } = settings;
  let doc: Record<string, unknown>;
  try {
    doc = (await fetchJson(endpoints.discovery, {
      fetch: settings.fetch,
      timeoutMs: settings.timeoutMs,
      what: 'the discovery document',
    })) as Record<string, unknown>;
  } catch (error) {
    return failure(
      'discovery',
      error,
      `Check userPoolId (${settings.userPoolId}) and region: the pool must exist in ${settings.region}.`,
    );
  }
  if (doc.issuer !== endpoints.issuer) {
    return {
      check: 'discovery',
      ok: false,
      detail: `issuer is ${String(doc.issuer)}, expected ${endpoints.issuer}`,
      fix: 'The user pool ID or region in your settings does not match this pool.',
    };
  }
  if (doc.jwks_uri !== endpoints.jwks) {
    return {
      check: 'discovery',
      ok: false,
      detail: `jwks_uri is ${String(doc.jwks_uri)}, expected ${endpoints.jwks}`,
      fix: 'The pool publishes its keys elsewhere than its issuer; report this.',
    };
  }
  const tokenEndpoint = String(doc.token_endpoint ?? '');
  const sameDomain = tokenEndpoint.startsWith(endpoints.domain);
  return {
    check: 'discovery',
    ok: true,
    detail: sameDomain
      ? `issuer ${endpoints.issuer}`
      : `issuer ${endpoints.issuer}; the pool's own domain is ${new URL(tokenEndpoint || endpoints.domain).origin} (you use ${endpoints.domain})`,
  };
}

/** The JWKS holds RS256 signing keys. */
export async function probeJwks(settings: CognitoSettings): Promise<DiagnosticCheck> {
  try {
    const body = (await fetchJson(settings.endpoints.jwks, {
      fetch: settings.fetch,
      timeoutMs: settings.timeoutMs,
      what: 'the JWKS',
    })) as { keys?: Array<{ kty?: string; kid?: string }> };
    const keys = Array.isArray(body.keys) ? body.keys.filter((k) => k.kty === 'RSA' && typeof k.kid === 'string') : [];
    if (keys.length === 0)
      return {
        check: 'jwks',
        ok: false,
        detail: 'no RSA signing keys in the JWKS',
        fix: 'The pool publishes no usable keys; tokens cannot be verified.',
      };
    return { check: 'jwks', ok: true, detail: `${keys.length} RSA signing key(s)` };
  } catch (error) {
    return failure(
      'jwks',
      error,
      'The JWKS must be reachable from this server to verify tokens; check outbound network access to the issuer host.',
    );
  }
}

type AuthorizeOutcome = { accepted: boolean; error?: string; status: number };

/** What the domain says to an authorize request for this client and callback, without following it to a login. */
async function authorize(settings: CognitoSettings, redirectUri: string): Promise<AuthorizeOutcome> {
  const url = new URL(settings.endpoints.authorize);
  url.search = new URLSearchParams({
    client_id: settings.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: settings.scopes.join(' '),
    state: 'doctor',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString();
  const response = await request(settings, url.href);
  await response.body?.cancel();
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location) {
    const target = new URL(location, url);
    // Cognito answers a bad client or callback with a redirect to its own /error page (or back with error=).
    const error = target.searchParams.get('error');
    if (error) return { accepted: false, error, status: response.status };
    return { accepted: target.origin === url.origin || target.href.startsWith(redirectUri), status: response.status };
  }
  return {
    accepted: response.status === 200,
    status: response.status,
    ...(response.status === 200 ? {} : { error: `HTTP ${response.status}` }),
  };
}

/** The domain answers /oauth2/authorize for this client and callback, and refuses an unregistered callback. */
export async function probeAuthorize(settings: CognitoSettings): Promise<DiagnosticCheck[]> {
  const results: DiagnosticCheck[] = [];
  try {
    if (settings.redirectUri) results.push(await probeCallback(settings, settings.redirectUri, 'your redirectUri'));
    const bogus = await authorize(settings, 'https://unregistered.cognito-connect.invalid/callback');
    results.push(
      bogus.accepted
        ? {
            check: 'authorize-rejects-unknown-callback',
            ok: false,
            detail: 'the domain accepted an unregistered callback URL',
            fix: 'This is not Cognito behaviour: check that domain points at your Cognito domain.',
          }
        : {
            check: 'authorize-rejects-unknown-callback',
            ok: true,
            detail: `an unregistered callback is refused (${bogus.error ?? bogus.status})`,
          },
    );
  } catch (error) {
    results.push(
      failure(
        'authorize',
        error,
        `The domain ${settings.endpoints.domain} does not answer; check "domain" (App integration > Domain in the console).`,
      ),
    );
  }
  return results;
}

/** One callback URL is registered on the app client. */
export async function probeCallback(
  settings: CognitoSettings,
  callbackUrl: string,
  label = callbackUrl,
): Promise<DiagnosticCheck> {
  try {
    const outcome = await authorize(settings, callbackUrl);
    if (outcome.accepted) return { check: 'callback', ok: true, detail: `${label} is registered (${callbackUrl})` };
    const clientProblem = outcome.error === 'invalid_client' || outcome.error === 'unauthorized_client';
    return {
      check: 'callback',
      ok: false,
      detail: `${label} refused: ${outcome.error ?? `HTTP ${outcome.status}`}`,
      fix: clientProblem
        ? `Cognito does not know client ${settings.clientId} for hosted-UI logins: check clientId, and enable the authorization code grant and a domain for it.`
        : `Add ${callbackUrl} to the app client's Allowed callback URLs (exactly, including the path).`,
    };
  } catch (error) {
    return failure('callback', error, `The domain ${settings.endpoints.domain} does not answer.`);
  }
}

/**
 * The client secret works at the token endpoint. With a bogus code Cognito says `invalid_grant` only once the client
 * authenticated, and `invalid_client` when the secret (or client) is wrong: no user and no login needed.
 */
export async function probeClientSecret(settings: CognitoSettings): Promise<DiagnosticCheck> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: 'cognito-connect-doctor-probe',
    redirect_uri: settings.redirectUri ?? 'https://unregistered.cognito-connect.invalid/callback',
    client_id: settings.clientId,
  });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (settings.clientAuthMethod === 'client_secret_basic') {
    headers.authorization = `Basic ${btoa(`${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret as string)}`)}`;
  } else if (settings.clientAuthMethod === 'client_secret_post') {
    body.set('client_secret', settings.clientSecret as string);
  } else {
    body.set('code_verifier', 'cognito-connect-doctor-probe-verifier-0123456789abcdefghijkl');
  }
  try {
    const response = await request(settings, settings.endpoints.token, { method: 'POST', headers, body });
    const error = ((await response.json().catch(() => ({}))) as { error?: string }).error;
    const what =
      settings.clientAuthMethod === 'none' ? 'public client' : `client secret (${settings.clientAuthMethod})`;
    if (error === 'invalid_grant')
      return { check: 'secret', ok: true, detail: `the ${what} is accepted at the token endpoint` };
    if (error === 'invalid_client') {
      return {
        check: 'secret',
        ok: false,
        detail: `the token endpoint refused the ${what} (invalid_client)`,
        fix:
          settings.clientAuthMethod === 'none'
            ? 'This app client has a secret: set clientSecret.'
            : 'The client secret is wrong, or the app client has no secret (remove clientSecret).',
      };
    }
    if (error === 'unauthorized_client')
      return {
        check: 'secret',
        ok: false,
        detail: 'the client may not use the authorization code grant',
        fix: 'Enable "Authorization code grant" on the app client.',
      };
    return {
      check: 'secret',
      ok: false,
      detail: `unexpected answer ${response.status}${error ? ` ${error}` : ''} from the token endpoint`,
      fix: 'Check domain: it must be the Cognito domain of this pool.',
    };
  } catch (error) {
    return failure('secret', error, `The token endpoint ${settings.endpoints.token} does not answer.`);
  }
}

/** Extra checks for {@link diagnose}. */
export interface DiagnoseOptions {
  /** More callback URLs that must be registered on the app client (e.g. each platform's), checked one by one. */
  callbacks?: ReadonlyArray<{ url: string; label: string; check?: string }>;
}

/** What {@link diagnose} found: `ok` when every check passed. */
export interface Diagnosis {
  ok: boolean;
  checks: DiagnosticCheck[];
}

/**
 * Checks settings against the live pool without logging anyone in: the discovery document agrees with the
 * settings, the JWKS holds signing keys, the domain answers /oauth2/authorize for this client and its callbacks
 * (and refuses an unregistered one), and the client secret works at the token endpoint. Never throws for a
 * failed check: each says what was found and how to fix it. What `cognito-connect doctor` prints.
 *
 * @example
 * ```ts
 * import { defineCognito, diagnose } from '@cognito-connect/core';
 * const { ok, checks } = await diagnose(defineCognito(options));
 * for (const c of checks) console.log(c.ok ? '✓' : '✗', c.check, c.detail, c.fix ?? '');
 * ```
 */
export async function diagnose(settings: CognitoSettings, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const checks: DiagnosticCheck[] = [];
  checks.push(...(await Promise.all([probeDiscovery(settings), probeJwks(settings)])));
  checks.push(...(await probeAuthorize(settings)));
  checks.push(await probeClientSecret(settings));
  for (const callback of options.callbacks ?? []) {
    const result = await probeCallback(settings, callback.url, callback.label);
    checks.push({ ...result, check: callback.check ?? result.check });
  }
  return { ok: checks.every((c) => c.ok), checks };
}
