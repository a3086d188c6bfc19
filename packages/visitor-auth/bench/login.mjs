// Signs a bench user in the way a browser does (node:http, a cookie jar, one redirect at a time): returns the Cookie header for the site.
// node:http rather than fetch: fetch sends `Sec-Fetch-Mode: cors`, which makes mod_auth_openidc answer 401 instead of redirecting.
import { request } from 'node:http';

function send(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'user-agent': 'bench', accept: 'text/html', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens `start`, signs in on the emulator's hosted UI as `user`, follows the redirects home; returns the site's cookies. */
export async function signIn(start, user) {
  const jar = new Map();
  const cookieFor = (url) => [...(jar.get(new URL(url).host) ?? new Map())].map(([k, v]) => `${k}=${v}`).join('; ');
  const go = async (url, init = {}) => {
    const cookie = cookieFor(url);
    const response = await send(url, { ...init, headers: { ...init.headers, ...(cookie ? { cookie } : {}) } });
    for (const header of response.headers['set-cookie'] ?? []) {
      const [pair] = header.split(';');
      const eq = pair.indexOf('=');
      const host = new URL(url).host;
      if (!jar.has(host)) jar.set(host, new Map());
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(header)) jar.get(host).delete(pair.slice(0, eq));
      else jar.get(host).set(pair.slice(0, eq), value);
    }
    return response;
  };
  const follow = async (url, response) => {
    let hops = 0;
    while (response.status >= 300 && response.status < 400 && hops++ < 10) {
      url = new URL(response.headers.location, url).href;
      response = await go(url);
    }
    return { url, response };
  };
  let { url, response } = await follow(start, await go(start));
  const pending = /name="pending" value="([^"]+)"/.exec(response.body)?.[1];
  if (!pending) throw new Error(`no sign-in form after ${start} (status ${response.status} at ${url})`);
  const action = new URL('/login', url).href;
  ({ url, response } = await follow(
    action,
    await go(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ pending, username: user.username, password: user.password }).toString(),
    }),
  ));
  if (response.status !== 200) throw new Error(`sign-in from ${start} ended with ${response.status} at ${url}`);
  return cookieFor(start);
}

/** One GET with the cookie: the status and body length, to prove a contender answers the page before loading it. */
export async function probe(url, cookie) {
  const response = await send(url, { headers: cookie ? { cookie } : {} });
  return { status: response.status, length: Buffer.byteLength(response.body) };
}
