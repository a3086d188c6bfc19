// Apache 2.4 + mod_auth_openidc for gateway.bench.mjs: a config in a temp folder (own ServerRoot, PidFile, logs, loopback port),
// run in the foreground as a child process; never the system service.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const APACHE = process.env.APACHE_BIN ?? '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';

/** True when Apache and mod_auth_openidc are installed. */
export function apacheAvailable() {
  return existsSync(APACHE) && existsSync(join(MODULES, 'mod_auth_openidc.so'));
}

/**
 * Starts Apache serving `docroot` on `port`: `/open/` for anyone, `/protected/` behind mod_auth_openidc (logging in
 * against `issuer` with its own app client), and `/app/` behind mod_auth_openidc proxied to `upstream` (mod_proxy).
 */
export async function startApache({ dir, docroot, port, issuer, clientId, clientSecret, upstream }) {
  const modules = [
    'mpm_event',
    'authz_core',
    'authz_user',
    'authn_core',
    'mime',
    'dir',
    'proxy',
    'proxy_http',
    'auth_openidc',
  ];
  const conf = `
ServerRoot "${dir}"
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile "${dir}/httpd.pid"
DefaultRuntimeDir "${dir}"
ErrorLog "${dir}/error.log"
LogLevel warn
User www-data
Group www-data
${modules.map((name) => `LoadModule ${name}_module ${MODULES}/mod_${name}.so`).join('\n')}
TypesConfig /etc/mime.types
KeepAlive On
MaxKeepAliveRequests 0
DocumentRoot "${docroot}"
<Directory "${docroot}">
  Require all granted
</Directory>
OIDCProviderMetadataURL ${issuer}/.well-known/openid-configuration
OIDCClientID ${clientId}
OIDCClientSecret ${clientSecret}
OIDCRedirectURI http://127.0.0.1:${port}/protected/redirect_uri
OIDCCryptoPassphrase bench-apache-crypto-passphrase-0123456789
OIDCScope "openid email"
OIDCPKCEMethod S256
<Location /protected/>
  AuthType openid-connect
  Require valid-user
</Location>
<Location /app/>
  AuthType openid-connect
  Require valid-user
  ProxyPass ${upstream}/
</Location>
`;
  writeFileSync(join(dir, 'httpd.conf'), conf);
  const child = spawn(APACHE, ['-d', dir, '-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Ready once it answers on the port.
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/open/page.html`);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      if (child.exitCode !== null) throw new Error(`Apache exited (${child.exitCode}); see ${dir}/error.log`);
    }
    await sleep(100);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
