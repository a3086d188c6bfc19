// `cognito-connect emulator`: the local Cognito user pool, from a seed file, until Ctrl-C.
import { loadSeed, startEmulator } from '@cognito-connect/emulator';
import { type Output, table } from '../output.js';
import { untilSignal } from '../signals.js';

/** The options of `cognito-connect emulator` (`--seed`, `--port`, `--host`, `--keys`). */
export interface EmulatorFlags {
  seed: string;
  port: string;
  host: string;
  keys?: string;
}

/**
 * `cognito-connect emulator`: starts the local user pool from a seed file, prints its URLs, and runs until Ctrl-C.
 *
 * @example
 * ```ts
 * process.exitCode = await runEmulator({ seed: 'seed.json', port: '9400', host: '127.0.0.1' }, createOutput());
 * ```
 */
export async function runEmulator(flags: EmulatorFlags, out: Output): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    out.error(`--port: expected a port number from 0 to 65535; got "${flags.port}".`);
    return 2;
  }
  const seed = await loadSeed(flags.seed);
  const emulator = await startEmulator({
    seed,
    port,
    host: flags.host,
    ...(flags.keys ? { keysFile: flags.keys } : {}),
  });
  const summary = {
    userPoolId: emulator.userPoolId,
    region: emulator.region,
    domain: emulator.url,
    issuer: emulator.issuer,
    discovery: emulator.discoveryUrl,
    jwks: emulator.jwksUrl,
    clients: seed.clients.map((c) => ({ clientId: c.clientId, name: c.name, confidential: Boolean(c.clientSecret) })),
    users: seed.users.map((u) => u.username),
  };
  if (out.json) out.data(summary);
  else {
    out.line(out.paint('bold', `Cognito emulator for ${emulator.userPoolId} (${emulator.region})`));
    out.line(
      table([
        ['domain', emulator.url],
        ['issuer', emulator.issuer],
        ['discovery', emulator.discoveryUrl],
        [
          'clients',
          summary.clients.map((c) => `${c.clientId}${c.confidential ? ' (secret in seed)' : ''}`).join(', ') || 'none',
        ],
        ['users', summary.users.join(', ') || 'none'],
      ]),
    );
    out.line('Press Ctrl-C to stop.');
  }
  await untilSignal();
  await emulator.stop();
  return 0;
}
