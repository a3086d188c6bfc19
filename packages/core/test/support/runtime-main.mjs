// Entry for Node, Bun and Deno: loads core's built ESM as a user would, runs the runtime suite's input file, prints JSON.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import * as core from '../../dist/index.js';
import { run } from './runtime-runner.mjs';

// The input file, and core's base64url module bundled alone: which decoding path it takes here.
const [inputFile, probeFile] = process.argv.slice(-2);
const { bufferPath } = await import(pathToFileURL(probeFile).href);
const input = JSON.parse(readFileSync(inputFile, 'utf8'));
process.stdout.write(JSON.stringify(await run(core, input, { bufferPath })));
