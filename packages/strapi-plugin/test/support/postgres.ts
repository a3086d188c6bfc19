// A throwaway PostgreSQL cluster for one suite: initdb in a temp folder as an unprivileged user (PostgreSQL refuses root),
// a loopback port, trust auth; stopped and deleted by the suite. Never the system's service.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../../test-fixtures/support/ports.js';

/** Debian's PostgreSQL 15 binaries (outside PATH); PG_BIN overrides. */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * True when PostgreSQL can run here. Outside CI a missing install skips the suite with a printed reason; under CI it
 * throws, because a skipped suite must never look green.
 */
export function postgresAvailable(): boolean {
  if (existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'postgres'))) return true;
  const message = `PostgreSQL is required but ${PG_BIN}/initdb is missing: apt-get install -y postgresql (or set PG_BIN)`;
  if (process.env.CI) throw new Error(message);
  console.warn(`[PostgreSQL suite skipped] ${message}`);
  return false;
}

/** A running cluster with one empty database. */
export interface PostgresCluster {
  host: string;
  port: number;
  user: string;
  database: string;
  /** Stops the server (fast shutdown) and deletes its folder. */
  stop(): Promise<void>;
}

/** Runs one SQL statement with psql and returns its unaligned output (one row per line). */
export function psql(cluster: PostgresCluster, sql: string): string {
  return execFileSync(
    join(PG_BIN, 'psql'),
    ['-h', cluster.host, '-p', String(cluster.port), '-U', cluster.user, '-d', cluster.database, '-tAc', sql],
    { encoding: 'utf8' },
  ).trim();
}

/** Runs PostgreSQL's programs as `nobody` when this process is root, as this user otherwise. */
function asServerUser(): { wrap: (cmd: string, args: string[]) => [string, string[]]; owner?: [number, number] } {
  if (process.getuid?.() !== 0) return { wrap: (cmd, args) => [cmd, args] };
  const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
  return { wrap: (cmd, args) => ['runuser', ['-u', 'nobody', '--', cmd, ...args]], owner: [uid, gid] };
}

/**
 * initdb + postgres on a free loopback port + createdb.
 *
 * @example
 * ```ts
 * const pg = await startPostgres();
 * // DATABASE_CLIENT=postgres DATABASE_PORT=pg.port ...
 * await pg.stop();
 * ```
 */
export async function startPostgres(database = 'strapi', user = 'strapi'): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-connect-pg-'));
  const data = join(dir, 'data');
  const { wrap, owner } = asServerUser();
  if (owner) chownSync(dir, ...owner);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = wrap(join(PG_BIN, cmd), args);
    execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  let server: ChildProcess | undefined;
  let log = '';
  const port = await freePort();
  const stop = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      try {
        run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']);
      } catch {
        // Not started far enough for pg_ctl: signal the postmaster itself.
        const pid = existsSync(join(data, 'postmaster.pid'))
          ? Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
          : undefined;
        if (pid) process.kill(pid, 'SIGQUIT');
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    const [file, argv] = wrap(join(PG_BIN, 'postgres'), [
      '-D',
      data,
      '-k',
      dir,
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      // A test database: durability traded for speed.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ]);
    server = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (d) => (log = (log + d).slice(-4000)));
    server.stderr?.on('data', (d) => (log = (log + d).slice(-4000)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}:\n${log}`);
      try {
        execFileSync(join(PG_BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 60 s:\n${log}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    execFileSync(join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host: '127.0.0.1', port, user, database, stop };
}
