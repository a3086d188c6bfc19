#!/usr/bin/env node
// Entry point of the `cognito-connect` command.
import { createProgram } from './program.js';

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    console.error(`cognito-connect: ${(error as Error).message}`);
    process.exitCode = 1;
  });
