// The login's HTTP edge as Web-standard code: start, callback and logout take a Request and give a Response.
import { bindingChallenge, createBindingVerifier } from './binding.js';
import type { CognitoClient, LoginResult, StartLoginOptions } from './client.js';
import { type EdgeCookie, clearCookie, edgeCookie, readCookie, setCookie, withCookies } from './cookies.js';
import { describeError, errorLogLine, errorResponse } from './error-table.js';
import { CognitoConfigError, CognitoFlowError, CognitoRequestError } from './errors.js';
import { requireGroup } from './groups.js';
import { type PageLink, htmlPage, redirectResponse } from './pages.js';
import { isSecureRequest, requireSameOrigin } from './request.js';

/** How {@link createLoginEdge} names its cookies and guards its routes. */
export interface LoginEdgeOptions {
  /** Base name of the transaction cookie (a `__Host-`/`__Secure-` prefix is added on https). Default `cognito-tx`. */
  cookieName?: string;
  /**
   * Path the login cookies are scoped to. Default `/`, which names them `__Host-` on https: browsers accept such a cookie
   * only from this host, so a page on a sibling subdomain cannot plant its own login transaction (and finish its login
   * in your visitor's browser). Scope them to a folder (e.g. `/auth/`) only on a host shared with other apps; they are
   * then `__Secure-`, which a sibling subdomain can set.
   */
  cookiePath?: string;
  /**
   * Trust `X-Forwarded-Proto`/`Forwarded` from a TLS-terminating proxy when deciding `Secure`. Default false.
   * (An https redirect URI makes the cookies Secure whatever the request says.)
   */
  trustProxy?: boolean;
  /** Origins besides the request's and the redirect URI's that may POST to state-changing routes (e.g. a separate front end). */
  allowedOrigins?: readonly string[];
  /** Admit only members of at least one of these groups; others get the 403 page (`TOKEN_GROUP_REQUIRED`). */
  requiredGroups?: string | readonly string[];
  /**
   * Bind the login to this browser with a cookie set at start (base name `cognito-binding`): its verifier's
   * challenge is sealed into the transaction and returned as `result.binding`; read the verifier back with
   * `edge.bindingVerifier(request)` when the code you hand out is redeemed. Default false.
   */
  bindBrowser?: boolean;
  /** Paths linked from error pages ("Sign in again", "Sign out"). */
  paths?: { login?: string; logout?: string };
  /**
   * Receives one log-safe line per failed step (see `errorLogLine`): a refused login as `code: message`, a bug with
   * its stack. Default `console.error`; pass your platform's logger, or `() => {}` to stay silent.
   */
  log?: (line: string, error: unknown) => void;
}

/** Options for one logout. */
export interface LogoutOptions {
  /** `Set-Cookie` values clearing the adapter's own session cookies. */
  cookies?: readonly string[];
  /** Where the browser goes after logout. Default: Cognito's `/logout` (ends the hosted-UI session too) if a logout URI is set, else `/`. */
  redirectTo?: string;
  /** Runs once the request passed the same-origin check, before answering (revoke tokens, delete sessions). */
  onLogout?: () => void | Promise<void>;
}

/** What a callback gave: the verified login, or the failure page. Either way `cookies` clear the transaction. */
export type CallbackOutcome =
  | { ok: true; result: LoginResult; cookies: readonly string[] }
  | { ok: false; error: unknown; response: Response; cookies: readonly string[] };

/** The three steps of a login over HTTP, plus the pieces adapters need around them. */
export interface LoginEdge {
  readonly client: CognitoClient;
  /** The transaction cookie as it is named for this request (prefix and `Secure` from the request and redirect URI). */
  transactionCookie(request: Request): EdgeCookie;
  /** Starts a login: a 302 to Cognito's authorize URL with the sealed transaction (and binding) cookie set. */
  start(request: Request, options?: StartLoginOptions): Promise<Response>;
  /** Finishes a login from the callback request: checks the transaction, exchanges the code, verifies tokens and groups. */
  callback(request: Request): Promise<CallbackOutcome>;
  /**
   * Logout: a GET shows a confirmation page whose button POSTs back; a POST must pass the same-origin check
   * (`REQUEST_CROSS_SITE` 403 otherwise), then runs `onLogout`, clears cookies and redirects (303).
   */
  logout(request: Request, options?: LogoutOptions): Promise<Response>;
  /** Core's error page or JSON for `error`, with this edge's "Sign in again" link. */
  errorResponse(error: unknown, request?: Request): Response;
  /** The browser-binding verifier this browser got at start (with `bindBrowser`), or undefined. */
  bindingVerifier(request: Request): string | undefined;
  /** `Set-Cookie` values clearing the transaction and binding cookies. */
  clearLoginCookies(request: Request): string[];
}

/**
 * Creates the login's HTTP edge for a client: adapters translate their framework's request into a `Request`,
 * call `start`/`callback`/`logout`, and translate the `Response` back. Cookies, the error table, the same-origin
 * check and log-safe errors are decided here, once, for every adapter.
 *
 * @example
 * ```ts
 * import { createCognito, createLoginEdge } from '@cognito-connect/core';
 * const edge = createLoginEdge(createCognito(settings), { requiredGroups: ['staff'] });
 * export default { async fetch(request: Request) {
 *   const { pathname } = new URL(request.url);
 *   if (pathname === '/auth/login') return edge.start(request, { returnTo: '/' });
 *   if (pathname === '/auth/logout') return edge.logout(request, { cookies: [clearCookie(session)] });
 *   if (pathname === '/auth/callback') {
 *     const outcome = await edge.callback(request);
 *     if (!outcome.ok) return outcome.response;
 *     return withCookies(await signIn(outcome.result), outcome.cookies);
 *   }
 *   return new Response('Not found', { status: 404 });
 * } };
 * ```
 */
export function createLoginEdge(client: CognitoClient, options: LoginEdgeOptions = {}): LoginEdge {
  const { redirectUri } = client.settings;
  if (!redirectUri) {
    throw new CognitoConfigError(
      'CONFIG_REQUIRED',
      'redirectUri',
      'is required by the login edge: your callback URL, exactly as registered on the app client.',
    );
  }
  const redirect = new URL(redirectUri);
  const cookiePath = options.cookiePath ?? '/';
  const baseName = options.cookieName ?? 'cognito-tx';
  const groups = options.requiredGroups ?? [];
  const allowedOrigins = [redirect.origin, ...(options.allowedOrigins ?? [])];
  const links: PageLink[] = options.paths?.login ? [{ href: options.paths.login, label: 'Sign in again' }] : [];

  const secure = (request: Request) =>
    redirect.protocol === 'https:' || isSecureRequest(request, { trustProxy: options.trustProxy });
  const cookieFor = (request: Request, name: string) => edgeCookie(name, { secure: secure(request), path: cookiePath });
  const transactionCookie = (request: Request) => cookieFor(request, baseName);
  const bindingCookie = (request: Request) => cookieFor(request, 'cognito-binding');
  const clearLoginCookies = (request: Request) => [
    clearCookie(transactionCookie(request)),
    ...(options.bindBrowser ? [clearCookie(bindingCookie(request))] : []),
  ];
  const log = options.log ?? ((line: string) => console.error(line));
  const failure = (error: unknown, request?: Request) => {
    log(errorLogLine(error), error);
    return errorResponse(error, { ...(request ? { request } : {}), links });
  };

  /** The group refusal names who is signed in (from the verified token) and offers to sign out. */
  const refusal = (error: unknown, result: LoginResult) => {
    log(errorLogLine(error), error);
    const { status, title, code } = describeError(error);
    return htmlPage(status, {
      title,
      message: `You are signed in as ${result.profile.email ?? result.profile.username}, but this account is not in a group allowed here.`,
      detail: `Ask the site's owner for access, or sign out and use another account. Error code: ${code}`,
      links: options.paths?.logout ? [{ href: options.paths.logout, label: 'Sign out' }] : [],
    });
  };

  return {
    client,
    transactionCookie,
    clearLoginCookies,
    errorResponse: failure,
    bindingVerifier: (request) => readCookie(request, bindingCookie(request)),

    async start(request, startOptions = {}) {
      try {
        const cookies: string[] = [];
        let binding = startOptions.binding;
        if (options.bindBrowser && binding === undefined) {
          const verifier = createBindingVerifier();
          binding = await bindingChallenge(verifier);
          cookies.push(setCookie(bindingCookie(request), verifier, client.settings.transactionTtlSeconds));
        }
        const started = await client.startLogin({ ...startOptions, ...(binding ? { binding } : {}) });
        cookies.unshift(setCookie(transactionCookie(request), started.transaction, started.maxAgeSeconds));
        return redirectResponse(started.url, { status: 302, cookies });
      } catch (error) {
        return failure(error, request);
      }
    },

    async callback(request) {
      const cookies = [clearCookie(transactionCookie(request))];
      try {
        const sealed = readCookie(request, transactionCookie(request));
        if (!sealed) {
          throw new CognitoFlowError(
            'FLOW_TRANSACTION_INVALID',
            'No login transaction cookie: the login was started in another browser, took too long, or cookies are blocked.',
          );
        }
        const result = await client.finishLogin(request.url, sealed);
        try {
          requireGroup(result.idClaims, groups);
        } catch (error) {
          return { ok: false, error, response: withCookies(refusal(error, result), cookies), cookies };
        }
        return { ok: true, result, cookies };
      } catch (error) {
        return { ok: false, error, response: withCookies(failure(error, request), cookies), cookies };
      }
    },

    async logout(request, logoutOptions = {}) {
      const method = request.method.toUpperCase();
      if (method === 'GET' || method === 'HEAD') {
        const url = new URL(request.url);
        return htmlPage(200, {
          title: 'Sign out?',
          message: 'Do you want to sign out?',
          form: { action: url.pathname + url.search, label: 'Sign out' },
        });
      }
      try {
        if (method !== 'POST') {
          throw new CognitoRequestError('REQUEST_METHOD_NOT_ALLOWED', 'Sign out with a POST request.');
        }
        requireSameOrigin(request, { allowedOrigins });
        await logoutOptions.onLogout?.();
        const to =
          logoutOptions.redirectTo ??
          (client.settings.logoutUri ? client.logoutUrl() : `${new URL(request.url).origin}/`);
        return redirectResponse(to, { status: 303, cookies: logoutOptions.cookies ?? [] });
      } catch (error) {
        return failure(error, request);
      }
    },
  };
}
