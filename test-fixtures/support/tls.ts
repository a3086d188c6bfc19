// A throwaway certificate for end-to-end suites that need https (nginx terminating TLS, a sibling subdomain in Chromium).
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:https';
import { join } from 'node:path';

export const OPENSSL = process.env.OPENSSL_BIN ?? '/usr/bin/openssl';

/** True when openssl is installed; outside CI a missing one skips the suite, under CI it throws (never a green skip). */
export function opensslAvailable(): boolean {
  if (existsSync(OPENSSL)) return true;
  if (process.env.CI) throw new Error(`${OPENSSL} is required for this suite under CI: apt-get install -y openssl`);
  console.warn(`[suite skipped] ${OPENSSL} not found; install it with: apt-get install -y openssl`);
  return false;
}

/** A self-signed certificate's files, its PEM text, and the base64 SHA-256 of its public key (Chromium's SPKI pin). */
export interface TestCertificate {
  certFile: string;
  keyFile: string;
  pem: string;
  spki: string;
}

/**
 * Makes a self-signed P-256 certificate with openssl in `dir`, valid one day for `dnsNames` and 127.0.0.1.
 *
 * @example
 * ```ts
 * const { certFile, keyFile, pem } = selfSignedCertificate(mkdtempSync(join(tmpdir(), 'tls-')), ['app.example.test']);
 * ```
 */
export function selfSignedCertificate(dir: string, dnsNames: readonly string[] = []): TestCertificate {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const names = [...dnsNames.map((name) => `DNS:${name}`), 'IP:127.0.0.1'].join(',');
  execFileSync(
    OPENSSL,
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'].concat([
      '-subj',
      `/CN=${dnsNames[0] ?? '127.0.0.1'}`,
      '-addext',
      `subjectAltName=${names}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]),
    { stdio: 'ignore' },
  );
  const pem = readFileSync(certFile, 'utf8');
  const der = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return { certFile, keyFile, pem, spki: createHash('sha256').update(der).digest('base64') };
}

/** A running TLS-terminating reverse proxy. */
export interface TlsProxy {
  close(): Promise<void>;
}

/**
 * A TLS-terminating reverse proxy on 127.0.0.1:`port` in front of the plain-HTTP `upstream` (host:port), as a load
 * balancer in front of an app: it keeps the browser's Host and overwrites `X-Forwarded-Proto: https` and
 * `X-Forwarded-For` (an app trusting its proxy, e.g. Strapi with `server.proxy.koa: true`, sees an https request).
 *
 * @example
 * ```ts
 * const proxy = await startTlsProxy(8443, '127.0.0.1:1337', { cert: pem, key });
 * await proxy.close();
 * ```
 */
export async function startTlsProxy(
  port: number,
  upstream: string,
  tls: { cert: string; key: string | Buffer },
): Promise<TlsProxy> {
  const [hostname = '127.0.0.1', upstreamPort] = upstream.split(':');
  const server = createServer(tls, (req, res) => {
    const headers = { ...req.headers, 'x-forwarded-proto': 'https', 'x-forwarded-for': req.socket.remoteAddress ?? '' };
    const forwarded = request(
      { hostname, port: Number(upstreamPort), method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
