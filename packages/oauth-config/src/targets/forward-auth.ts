// nginx auth_request and Caddy forward_auth in front of the cognito-connect gateway's forward-auth mode (docs/forward-auth.md).
import { type CognitoSettings, SIGNED_IN_CACHE_CONTROL } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec, registerNote } from '../app-client.js';
import { baseUrl, commonOptions, groupName } from '../options.js';
import type { GeneratedConfig } from '../types.js';
import { banner, defineTarget } from './define.js';

const HOST_PORT = /^[\w.-]+:\d{1,5}$|^\[[\d:a-fA-F]+\]:\d{1,5}$/;
const LOCATION = /^\/[\w./-]*\/$/;
const IDENTITY = ['User', 'Email', 'Groups', 'Sub'] as const;
/** Every spelling of X-Auth-Request-* with an underscore, as Go (Caddy) canonicalises header names: by prefix. */
const UNDERSCORE_SPELLINGS = ['X_auth', 'X-Auth_', 'X-Auth-Request_'] as const;

const options = z.strictObject({
  site: baseUrl('site behind the proxy', 'https://app.example.com'),
  gateway: z
    .string()
    .regex(HOST_PORT, 'expected host:port, such as 127.0.0.1:4180.')
    .default('127.0.0.1:4180')
    .describe('Where `cognito-connect gateway --forward-auth` listens.'),
  app: z
    .string()
    .regex(HOST_PORT, 'expected host:port, such as 127.0.0.1:3000.')
    .default('127.0.0.1:3000')
    .describe('Where the proxy sends admitted requests.'),
  groupLocations: z
    .record(z.string().regex(LOCATION, 'expected a path prefix such as /admin/.'), z.array(groupName).min(1))
    .default({})
    .describe('Path prefixes only members of these groups may open, e.g. {"/admin/": ["admins"]}.'),
  ...commonOptions,
});

type Options = z.output<typeof options>;

function common(settings: CognitoSettings, o: Options, file: GeneratedConfig['files'][number]) {
  const callbackUrl = `${o.site}/_auth/callback`;
  const signOut = `${o.site}/`;
  const locations = Object.entries(o.groupLocations);
  return {
    files: [file],
    callbackUrls: [callbackUrl],
    logoutUrls: [signOut],
    notes: [
      registerNote(settings, [callbackUrl], [signOut]),
      `Run the gateway beside the proxy: cognito-connect gateway --forward-auth --site ${o.site} --host ${o.gateway.replace(/:\d+$/, '')} --port ${o.gateway.replace(/.*:/, '')} (it holds the client secret; this file holds none).`,
      ...(locations.length
        ? [`Group-restricted: ${locations.map(([path, groups]) => `${path} (${groups.join(' or ')})`).join(', ')}.`]
        : []),
    ],
    json: { site: o.site, gateway: o.gateway, app: o.app, groupLocations: o.groupLocations },
    appClient: appClientSpec(settings, {
      clientName: 'forward-auth',
      callbackUrls: [callbackUrl],
      logoutUrls: [signOut],
      generateSecret: true,
    }),
  };
}

function nginxServer(o: Options): string {
  const host = new URL(o.site).hostname;
  const check = (name: string, groups: readonly string[]) => `
  location = /_auth/${name} {
    internal;
    proxy_pass http://${o.gateway}/_auth/check${groups.length ? `?group=${groups.join(',')}` : ''};
    proxy_pass_request_body off;
    proxy_set_header Content-Length "";
    # Caddy's header, dropped: with it the check answers a browser 302, which auth_request turns into a 500.
    proxy_set_header X-Forwarded-Uri "";
    proxy_set_header Host $host;
  }`;
  const guarded = (path: string, name: string) => `
  location ${path} {
    auth_request /_auth/${name};
${IDENTITY.map((h) => `    auth_request_set $auth_${h.toLowerCase()} $upstream_http_x_auth_request_${h.toLowerCase()};\n    proxy_set_header X-Auth-Request-${h} $auth_${h.toLowerCase()};`).join('\n')}
    # A session the check renewed: its new cookie goes to the browser, on any answer (always).
    auth_request_set $auth_cookie $upstream_http_set_cookie;
    add_header Set-Cookie $auth_cookie always;
    error_page 401 = /_auth/login?rd=$scheme://$host$request_uri;
    error_page 403 = /_auth/denied;
    # auth_request answers 500 for a check that said 503 (Cognito unreachable) or did not answer: the 503 page instead.
    error_page 500 = /_auth/unavailable;
    # The page is this visitor's: a shared cache (a CDN) in front must not keep it for the next one.
    proxy_hide_header Cache-Control;
    add_header Cache-Control "${SIGNED_IN_CACHE_CONTROL}" always;
    proxy_set_header Host $host;
    proxy_pass http://${o.app};
  }`;
  const groups = Object.entries(o.groupLocations);
  return `# ${banner('nginx auth_request')}
server {
  server_name ${host};
  # listen 443 ssl; ssl_certificate …; (as for any site)

  location /_auth/ {
    proxy_pass http://${o.gateway};
    proxy_set_header Host $host;
    # error_page 401, 403 and 500 answer from here: the check's cookie (a dead session deleted, a renewal) goes with them.
    add_header Set-Cookie $auth_cookie always;
  }${check('nginx-check', [])}${groups.map(([, g], i) => check(`nginx-check-${i + 1}`, g)).join('')}
${guarded('/', 'nginx-check')}${groups.map(([path], i) => guarded(path, `nginx-check-${i + 1}`)).join('')}
}
`;
}

function caddySite(o: Options): string {
  // Caddy's forward_auth written out (its own expansion), plus copy_response_headers: forward_auth drops the
  // Set-Cookie of a 2xx check (a renewed session), while this passes every one of them to the browser.
  const guarded = (matcher: string, groups: readonly string[]) => `  handle${matcher} {
    # Spellings with underscores (X_Auth_Request_Email) that CGI, PHP-FPM and WSGI servers file under the same name
    # as the check's X-Auth-Request-*: dropped, so a client cannot add an identity of its own (nginx drops them itself).
${UNDERSCORE_SPELLINGS.map((prefix) => `    request_header -${prefix}*`).join('\n')}
    reverse_proxy ${o.gateway} {
      method GET
      rewrite /_auth/check${groups.length ? `?group=${groups.join(',')}` : ''}
      header_up X-Forwarded-Method {method}
      header_up X-Forwarded-Uri {uri}
      @admitted status 2xx
      handle_response @admitted {
${IDENTITY.map((h) => `        request_header X-Auth-Request-${h} {rp.header.X-Auth-Request-${h}}`).join('\n')}
        copy_response_headers {
          include Set-Cookie
        }
      }
    }
    reverse_proxy ${o.app} {
      # The page is this visitor's: a shared cache (a CDN) in front must not keep it for the next one.
      header_down Cache-Control "${SIGNED_IN_CACHE_CONTROL}"
    }
  }
`;
  return `# ${banner('Caddy forward_auth')}
# forward_auth written out as reverse_proxy: copy_response_headers also sends an admitted check's Set-Cookie (a renewed session).
${o.site} {
  handle /_auth/* {
    reverse_proxy ${o.gateway}
  }
${Object.entries(o.groupLocations)
  .map(([path, groups]) => guarded(` ${path}*`, groups))
  .join('')}${guarded('', [])}}
`;
}

/** nginx in front of the gateway's forward-auth mode. */
export const nginx = defineTarget({
  name: 'nginx',
  title: 'nginx (auth_request with the cognito-connect gateway)',
  summary: 'A server block whose locations ask the gateway (forward-auth mode) before proxying to your app.',
  docs: 'docs/forward-auth.md',
  options,
  build: (settings, o) =>
    common(settings, o, {
      path: 'nginx.conf',
      format: 'nginx',
      contents: nginxServer(o),
      description: 'Include in nginx (e.g. /etc/nginx/conf.d/), add your TLS lines, then nginx -s reload.',
    }),
});

/** Caddy in front of the gateway's forward-auth mode. */
export const caddy = defineTarget({
  name: 'caddy',
  title: 'Caddy (forward_auth with the cognito-connect gateway)',
  summary: 'A Caddyfile site whose routes ask the gateway (forward-auth mode) before proxying to your app.',
  docs: 'docs/forward-auth.md',
  options,
  build: (settings, o) =>
    common(settings, o, {
      path: 'Caddyfile',
      format: 'caddyfile',
      contents: caddySite(o),
      description: 'Add to your Caddyfile, then caddy reload.',
    }),
});
