// Starts Debian's Apache httpd with a generated include on a free loopback port, from its own temporary ServerRoot.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APACHE_BIN, APACHE_MODULES, run } from './tools.js';

export interface RunningApache {
  port: number;
  /** The error log so far (mod_auth_openidc logs there), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

const MODULES = ['mpm_event', 'authn_core', 'authz_core', 'authz_user', 'dir', 'headers', 'auth_openidc'];

/** httpd.conf for a server living entirely in `root` (pid, logs, mutexes), loading the modules the tests need. */
function serverConfig(root: string, port: number, lines: string[]): string {
  return [
    `ServerRoot "${root}"`,
    `DefaultRuntimeDir "${root}"`,
    `PidFile "${root}/httpd.pid"`,
    `ErrorLog "${root}/error.log"`,
    `Mutex file:${root} default`,
    `Listen 127.0.0.1:${port}`,
    `ServerName 127.0.0.1:${port}`,
    ...MODULES.map((m) => `LoadModule ${m}_module ${APACHE_MODULES}/mod_${m}.so`),
    ...lines,
    `Include "${root}/cognito-openidc.conf"`,
    '',
  ].join('\n');
}

/**
 * Runs `apache2 -DFOREGROUND` with a minimal server config that includes `include` and serves `pages` from its document
 * root. `extra` is appended (test-only directives). Resolves once the port answers.
 */
export async function startApache(options: {
  port: number;
  include: string;
  pages: Record<string, string>;
  extra?: string;
  env?: Record<string, string>;
}): Promise<RunningApache> {
  const root = mkdtempSync(join(tmpdir(), 'oauth-config-apache-'));
  chmodSync(root, 0o755);
  const docs = join(root, 'htdocs');
  mkdirSync(docs);
  for (const [name, body] of Object.entries(options.pages)) writeFileSync(join(docs, name), body);
  writeFileSync(join(root, 'cognito-openidc.conf'), options.include);
  const asRoot = process.getuid?.() === 0;
  writeFileSync(
    join(root, 'httpd.conf'),
    serverConfig(root, options.port, [
      'LogLevel warn auth_openidc:info',
      ...(asRoot ? ['User nobody', 'Group nogroup'] : []),
      `DocumentRoot "${docs}"`,
      'StartServers 1',
      'ServerLimit 1',
      'ThreadsPerChild 8',
      'MaxRequestWorkers 8',
      options.extra ?? '',
    ]),
  );
  const child: ChildProcess = spawn(APACHE_BIN, ['-f', join(root, 'httpd.conf'), '-DFOREGROUND'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => {
    try {
      return output + readFileSync(join(root, 'error.log'), 'utf8');
    } catch {
      return output;
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) {
      const text = log();
      await stop();
      throw new Error(`apache2 exited ${child.exitCode}: ${text}`);
    }
    try {
      await fetch(`http://127.0.0.1:${options.port}/`, { redirect: 'manual' });
      break;
    } catch {
      if (attempt > 300) {
        const text = log();
        await stop();
        throw new Error(`apache2 did not answer on ${options.port}: ${text}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { port: options.port, log, stop };
}

/** `apache2 -t` on a minimal server config that includes `include`: Apache's own reader accepts every directive, or throws. */
export function apacheConfigTest(include: string, env: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'oauth-config-apache-t-'));
  try {
    writeFileSync(join(root, 'cognito-openidc.conf'), include);
    writeFileSync(join(root, 'httpd.conf'), serverConfig(root, 1, []));
    return run(APACHE_BIN, ['-t', '-f', join(root, 'httpd.conf')], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
