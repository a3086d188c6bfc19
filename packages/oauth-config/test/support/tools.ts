// External interpreters the parse-back tests run (Ruby, Python, sh): present, or a loud failure in CI.
import { spawnSync } from 'node:child_process';

/**
 * True when `command args` exits 0. When it does not: in CI (process.env.CI) this throws, so the suite fails loudly;
 * elsewhere it prints why the dependent tests are skipped and returns false.
 */
export function toolAvailable(command: string, args: string[], install: string): boolean {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.status === 0) return true;
  const reason = `${command} ${args.join(' ')} failed (${result.error?.message ?? result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`}); install with: ${install}`;
  if (process.env.CI) throw new Error(`CI must run this suite: ${reason}`);
  console.warn(`[oauth-config] skipping tests that need ${command}: ${reason}`);
  return false;
}

/** Runs a program with input on stdin; resolves stdout, rejects with stderr on a non-zero exit. */
export function run(
  command: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): string {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    timeout: 60_000,
  });
  if (result.status !== 0)
    throw new Error(`${command} exited ${result.status}: ${result.stderr || result.error?.message}`);
  return result.stdout;
}

export const rubyReady = () =>
  toolAvailable(
    'ruby',
    ['-e', 'require "json"; require "omniauth-oauth2"; require "rack/test"'],
    'apt-get install -y ruby ruby-omniauth-oauth2 ruby-rack-test',
  );
export const pythonReady = () => toolAvailable('python3', ['-c', 'import ast, json'], 'apt-get install -y python3');
export const shReady = () => toolAvailable('sh', ['-c', 'exit 0'], 'a POSIX shell (dash)');
export const envsubstReady = () => toolAvailable('envsubst', ['--version'], 'apt-get install -y gettext-base');

export const APACHE_BIN = '/usr/sbin/apache2';
export const APACHE_MODULES = '/usr/lib/apache2/modules';
export const apacheReady = () =>
  toolAvailable(
    'sh',
    ['-c', `test -x ${APACHE_BIN} && test -f ${APACHE_MODULES}/mod_auth_openidc.so`],
    'apt-get install -y apache2 libapache2-mod-auth-openidc',
  );
export const rubyOidcReady = () =>
  toolAvailable(
    'ruby',
    ['-e', 'require "json"; require "omniauth_openid_connect"; require "rack/test"'],
    'apt-get install -y ruby ruby-omniauth-openid-connect ruby-rack-test',
  );
/** Debian's own interpreter (a pyenv python3 earlier on PATH would not see python3-authlib). */
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const authlibReady = () =>
  toolAvailable(
    DEBIAN_PYTHON,
    ['-c', 'import authlib.integrations.flask_client, flask'],
    'apt-get install -y python3-authlib python3-flask python3-requests',
  );
