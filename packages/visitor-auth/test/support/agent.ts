// A browser-less visitor for HTTP-level tests: keeps cookies per host, follows redirects one hop at a time, fills the hosted UI form.

interface StoredCookie {
  value: string;
  path: string;
  expires: number;
}

export interface Hop {
  url: string;
  status: number;
  location: string | null;
  /** Raw Set-Cookie headers of this response, attributes included. */
  setCookies: string[];
  /** All the response's headers. */
  headers: Headers;
}

export interface Navigation {
  response: Response;
  url: string;
  body: string;
  hops: Hop[];
}

// The repository's one freePort, re-exported for this package's tests and support files that import it from here.
export { freePort } from '../../../../test-fixtures/support/ports.js';

export class Agent {
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  /** `fetcher` sends every request (e.g. undici's fetch trusting a test CA for an https site). */
  constructor(private readonly fetcher: typeof fetch = fetch) {}

  cookies(url: string): Record<string, string> {
    const { host, pathname } = new URL(url);
    const now = Date.now();
    const out: Record<string, string> = {};
    for (const [name, cookie] of this.jar.get(host) ?? []) {
      if (cookie.expires > now && pathname.startsWith(cookie.path)) out[name] = cookie.value;
    }
    return out;
  }

  setCookie(url: string, name: string, value: string, path = '/'): void {
    const host = new URL(url).host;
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)?.set(name, { value, path, expires: Number.POSITIVE_INFINITY });
  }

  private store(url: string, response: Response): void {
    const host = new URL(url).host;
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expires = Number.POSITIVE_INFINITY;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val;
        if (key.toLowerCase() === 'max-age') expires = Date.now() + Number(val) * 1000;
      }
      if (!this.jar.has(host)) this.jar.set(host, new Map());
      const cookies = this.jar.get(host) as Map<string, StoredCookie>;
      if (expires <= Date.now() || value === '') cookies.delete(name);
      else cookies.set(name, { value, path, expires });
    }
  }

  /** One request, no redirect following, cookies sent and stored. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = Object.entries(this.cookies(url))
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await this.fetcher(url, { ...init, headers, redirect: 'manual' });
    this.store(url, response);
    return response;
  }

  /** Follows redirects like a browser (GET after each 302), recording every hop. */
  async navigate(url: string, init: RequestInit = {}, maxHops = 12): Promise<Navigation> {
    const hops: Hop[] = [];
    let current = url;
    let response = await this.request(current, init);
    for (let i = 0; i < maxHops && response.status >= 300 && response.status < 400; i++) {
      const location = response.headers.get('location');
      hops.push({
        url: current,
        status: response.status,
        location,
        setCookies: response.headers.getSetCookie(),
        headers: response.headers,
      });
      if (!location) break;
      await response.body?.cancel();
      current = new URL(location, current).href;
      response = await this.request(current);
    }
    hops.push({
      url: current,
      status: response.status,
      location: response.headers.get('location'),
      setCookies: response.headers.getSetCookie(),
      headers: response.headers,
    });
    return { response, url: current, body: await response.text(), hops };
  }

  /** Submits the hosted UI's sign-in form shown by `page`, then follows the redirects back to the app. */
  async signIn(page: Navigation, username: string, password: string): Promise<Navigation> {
    return this.navigate(...signInForm(page, username, password));
  }

  /** Submits the sign-in form without following: the answer's Location is the app's callback URL (code and state). */
  async callbackUrl(page: Navigation, username: string, password: string): Promise<string> {
    const posted = await this.request(...signInForm(page, username, password));
    return posted.headers.get('location') as string;
  }
}

function signInForm(page: Navigation, username: string, password: string): [string, RequestInit] {
  const pending = /name="pending" value="([^"]+)"/.exec(page.body)?.[1];
  if (!pending) throw new Error(`no sign-in form at ${page.url} (status ${page.response.status})`);
  return [
    new URL('/login', page.url).href,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ pending, username, password }).toString(),
    },
  ];
}
