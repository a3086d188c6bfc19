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
    else console.error('cognito-connect: unexpected error (please report it):', error);
    process.exitCode = 1;
  });
