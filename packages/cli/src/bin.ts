#!/usr/bin/env node
// Entry point of the `cognito-connect` command.
import { CognitoConnectError } from '@cognito-connect/core';
import { createProgram } from './program.js';

// `cognito-connect config gitlab | head`: the reader went away, so there is nobody left to print to; stop quietly
// with the shell's status for a closed pipe instead of a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(141);
    throw error;
  });
}

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // A user's mistake is one line; anything else is a bug in cognito-connect: its stack helps the report.
    if (error instanceof CognitoConnectError) console.error(`cognito-connect: ${error.message} (${error.code})`);
    else if (isListenError(error)) console.error(`cognito-connect: ${listenProblem(error)}`);
    else console.error('cognito-connect: unexpected error (please report it):', error);
    process.exitCode = 1;
  });

/** A server that could not listen: the port is taken (a second playground, another app on 8080) or not allowed. */
function isListenError(error: unknown): error is NodeJS.ErrnoException & { address?: string; port?: number } {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  return syscall === 'listen' && (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL');
}

function listenProblem(error: NodeJS.ErrnoException & { address?: string; port?: number }): string {
  const where = `${error.address ?? 'the address'}:${error.port ?? '?'}`;
  const why =
    error.code === 'EADDRINUSE'
      ? `${where} is already in use (another cognito-connect, or another server)`
      : error.code === 'EACCES'
        ? `${where} may not be used by this user (ports below 1024 need root)`
        : `${where} is not an address of this machine`;
  return `${why}; stop what uses it, or pick another with the command's port or host option (--port, --gateway-port, --strapi-port, --host; see --help; port 0 picks a free one). (${error.code})`;
}
