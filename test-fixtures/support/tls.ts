// A throwaway certificate for end-to-end suites that need https (nginx terminating TLS, a sibling subdomain in Chromium).
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPENSSL = process.env.OPENSSL_BIN ?? '/usr/bin/openssl';

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
