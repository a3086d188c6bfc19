#!/usr/bin/env node
// `cognito-emulator --seed seed.json`: the emulator as a long-running local service for playgrounds and manual testing.
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator.js';
import { loadSeed, SeedError } from './seed.js';

const USAGE = `Usage: cognito-emulator --seed <file> [--port <n>] [--host <address>] [--keys <file>] [--issuer aws]

  --seed   seed JSON file (user pool, clients, groups, users, identity providers)
  --port   port to listen on (default 9400; 0 picks a free one)
  --host   interface to bind (default 127.0.0.1)
  --keys   private-key file to load, or create on first run, so tokens stay valid across restarts
  --issuer emulator (default: tokens name <domain>/<pool>) or aws (tokens name https://cognito-idp.<region>.amazonaws.com/<pool>,
           for verifiers that cannot be pointed elsewhere; discovery and JWKS stay at the emulator)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      port: { type: 'string', default: '9400' },
      host: { type: 'string', default: '127.0.0.1' },
      keys: { type: 'string' },
      issuer: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const port = Number(values.port);
  const issuer = values.issuer;
  if (
    !values.seed ||
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65535 ||
    (issuer !== undefined && issuer !== 'aws' && issuer !== 'emulator')
  ) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const seed = await loadSeed(values.seed);
  const emulator = await startEmulator({
    seed,
    port,
    host: values.host,
    ...(values.keys ? { keysFile: values.keys } : {}),
    ...(issuer ? { issuer } : {}),
  });
  // Client ids only: secrets stay in the seed file, never in a log.
  const clients = seed.clients.map((c) => `${c.clientId}${c.clientSecret ? ' (secret in seed)' : ''}`).join(', ');
  console.log(`Cognito emulator for ${emulator.userPoolId} (${emulator.region})
  domain     ${emulator.url}
  issuer     ${emulator.issuer}${emulator.issuer.startsWith(emulator.url) ? '' : ' (tokens only; served here)'}
  discovery  ${emulator.discoveryUrl}
  jwks       ${emulator.jwksUrl}
  clients    ${clients || 'none'}
Press Ctrl+C to stop.`);
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((cause: unknown) => {
  console.error(cause instanceof SeedError ? cause.message : `cognito-emulator: ${(cause as Error).message}`);
  process.exitCode = 1;
});
