#!/usr/bin/env node
// The `cognito-connect` bin. A file that is in git, unlike dist/, so npm links the command in a fresh clone at install
// time; it runs the build (the root `prepare` script makes one right after `npm install`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('cognito-connect: this copy is not built yet (no dist/). In the repository, run: npm run build');
  process.exit(1);
}
await import(entry.href);
