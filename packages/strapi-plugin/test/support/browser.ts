// A browser-less visitor for the Strapi suites: one cookie jar for Strapi and the emulator, redirects read one hop at a time.
import { CookieJar, signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';

export class Visitor {
  readonly jar = new CookieJar();

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: this.jar.header(url), ...headers } });
    this.jar.store(response, url);
    return response;
  }

  async post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.jar.header(url), 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    this.jar.store(response, url);
    return response;
  }

  /**
   * Opens `start` on Strapi, follows it to the emulator, signs in on the hosted UI form and returns the callback URL Cognito
   * sent the browser to (not yet fetched), with the transaction cookie as it stood then.
   */
  async signInUntilCallback(
    start: string,
    user: { username: string; password: string },
  ): Promise<{ callback: string; transactionCookie: string | undefined }> {
    const started = await this.get(start);
    if (started.status !== 302) throw new Error(`${start} answered ${started.status}: ${await started.text()}`);
    const authorize = started.headers.get('location') as string;
    const result = await signInWithHostedUi(authorize, user, this.jar);
    if (!result.location.startsWith(new URL(start).origin))
      throw new Error(`sign-in ended at ${result.location} (${result.status}): ${result.page?.slice(0, 300)}`);
    return { callback: result.location, transactionCookie: this.jar.get(start, 'cognito_connect_tx') };
  }

  /** The whole round trip: starts at `start`, signs in, and returns Strapi's answer at the callback. */
  async signIn(start: string, user: { username: string; password: string }): Promise<Response> {
    const { callback } = await this.signInUntilCallback(start, user);
    return this.get(callback);
  }
}

/** The hardened flow's and the built-in provider's login routes. */
export const LOGIN_ROUTES = ['/api/cognito-connect/login', '/api/connect/cognito'] as const;

/**
 * Signs `user` in through both login routes of the Strapi at `base`, each in a new visitor, following the built-in route's
 * redirect to users-permissions' front-end callback; returns each route's final answer.
 */
export async function signInThroughBothRoutes(
  base: string,
  user: { username: string; password: string },
): Promise<Response[]> {
  const answers: Response[] = [];
  for (const start of LOGIN_ROUTES) {
    const visitor = new Visitor();
    const response = await visitor.signIn(`${base}${start}`, user);
    answers.push(response.status === 302 ? await visitor.get(response.headers.get('location') as string) : response);
  }
  return answers;
}

/** Strapi's error body. */
export interface StrapiError {
  data: null;
  error: { status: number; name: string; message: string; details: { code?: string } };
}

export const errorCode = async (response: Response): Promise<string | undefined> =>
  ((await response.json()) as StrapiError).error?.details?.code;
