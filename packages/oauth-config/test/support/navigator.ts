// A browser-like HTTP agent for mod_auth_openidc: top-level navigation headers (Node's fetch says Sec-Fetch-Mode: cors,
// which the module answers with 401) and one cookie jar for the site.
import { request } from 'node:http';

export interface Navigation {
  status: number;
  location: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class Navigator {
  readonly cookies = new Map<string, string>();

  /** GETs `url` as a browser navigating to it would (plus `extra` headers), storing the cookies it sets. Does not follow redirects. */
  get(url: string, extra: Record<string, string> = {}): Promise<Navigation> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          headers: {
            accept: 'text/html,application/xhtml+xml',
            'sec-fetch-mode': 'navigate',
            'sec-fetch-dest': 'document',
            ...(cookie ? { cookie } : {}),
            ...extra,
          },
        },
        (res) => {
          for (const line of res.headers['set-cookie'] ?? []) {
            const [pair = ''] = line.split(';');
            const eq = pair.indexOf('=');
            if (eq <= 0) continue;
            const name = pair.slice(0, eq).trim();
            const value = pair.slice(eq + 1).trim();
            if (value === '' || /max-age=0/i.test(line) || /expires=thu, 01[ -]jan[ -]1970/i.test(line))
              this.cookies.delete(name);
            else this.cookies.set(name, value);
          }
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              location: res.headers.location ? new URL(res.headers.location, url).href : undefined,
              headers: res.headers,
              body,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }
}
