// Entry for Node, Bun and Deno: loads core's built ESM as a user would, runs the runtime suite's input file, prints JSON.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import * as core from '../../dist/index.js';
import { run } from './runtime-runner.mjs';

const input = JSON.parse(readFileSync(process.argv[process.argv.length - 1], 'utf8'));
process.stdout.write(JSON.stringify(await run(core, input)));
