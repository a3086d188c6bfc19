// Drives the emulator's hosted-UI login form over plain HTTP, as a browser would, for end-to-end tests without Chromium.

/** A minimal per-origin cookie jar: enough for the hosted UI's session and an external IdP's cookies. */
export class CookieJar {
  private readonly origins = new Map<string, Map<string, string>>();

  private jar(url: string): Map<string, string> {
    const origin = new URL(url).host;
    let jar = this.origins.get(origin);
    if (!jar) this.origins.set(origin, (jar = new Map()));
    return jar;
  }

  store(response: Response, url: string): void {
    const cookies = this.jar(url);
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = (pair ?? '').indexOf('=');
      if (eq <= 0) continue;
      const name = (pair as string).slice(0, eq).trim();
      const value = (pair as string).slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  header(url: string): string {
    return [...this.jar(url)].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.jar(url).get(name);
  }
}

export interface HostedUiResult {
  /** Where the login ended: the app's redirect URI with `code` and `state` (or `error`). */
  location: string;
  /** The last HTML page, when the flow stopped on one (e.g. a wrong password re-renders the form). */
  page?: string;
  status: number;
}

async function get(url: string, jar: CookieJar): Promise<Response> {
  const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
  jar.store(response, url);
  return response;
}

/**
 * Opens `authorizeUrl`, follows redirects on the emulator's own origin, fills the login form and returns the redirect
 * that leaves the emulator. `stopAt` is the origin of the app (its callback is never fetched).
 */
export async function signInWithHostedUi(
  authorizeUrl: string,
  credentials: { username: string; password: string },
  jar = new CookieJar(),
): Promise<HostedUiResult> {
  const emulatorOrigin = new URL(authorizeUrl).origin;
  let url = authorizeUrl;
  for (let hop = 0; hop < 10; hop++) {
    const response = await get(url, jar);
    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location') as string, url).href;
      if (new URL(next).origin !== emulatorOrigin) return { location: next, status: response.status };
      url = next;
      continue;
    }
    const page = await response.text();
    const pending = /name="pending" value="([^"]*)"/.exec(page)?.[1];
    if (!pending) return { location: url, page, status: response.status };
    const form = new URLSearchParams({
      pending: decodeHtml(pending),
      username: credentials.username,
      password: credentials.password,
    });
    const loginUrl = new URL('/login', emulatorOrigin).href;
    const posted = await fetch(loginUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(loginUrl) },
      body: form,
    });
    jar.store(posted, loginUrl);
    if (posted.status >= 300 && posted.status < 400) {
      const next = new URL(posted.headers.get('location') as string, emulatorOrigin).href;
      if (new URL(next).origin !== emulatorOrigin) return { location: next, status: posted.status };
      url = next;
      continue;
    }
    return { location: url, page: await posted.text(), status: posted.status };
  }
  throw new Error('hosted UI: too many redirects');
}

/** Follows an authorize URL when the hosted-UI session already exists (SSO) or an IdP is chosen: no form expected. */
export async function followRedirects(
  url: string,
  jar: CookieJar,
  stopWhen: (url: string) => boolean,
): Promise<string> {
  let current = url;
  for (let hop = 0; hop < 15; hop++) {
    if (stopWhen(current)) return current;
    const response = await get(current, jar);
    if (response.status < 300 || response.status >= 400) {
      throw new Error(`expected a redirect from ${new URL(current).pathname}, got ${response.status}`);
    }
    current = new URL(response.headers.get('location') as string, current).href;
  }
  throw new Error('too many redirects');
}

function decodeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
