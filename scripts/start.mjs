// `npm start`: the playground — emulator, Strapi example app and a protected docs site — with no AWS account.
// In this repository Strapi is the fixture app (test-fixtures/strapi-app) unless the arguments say otherwise.
import { fileURLToPath } from 'node:url';
import { createProgram } from '../packages/cli/dist/index.js';

const args = process.argv.slice(2);
const strapiChosen = args.some((arg) => arg === '--no-strapi' || arg.startsWith('--strapi-dir'));
const fixtureApp = fileURLToPath(new URL('../test-fixtures/strapi-app', import.meta.url));
await createProgram().parseAsync(['playground', ...(strapiChosen ? [] : ['--strapi-dir', fixtureApp]), ...args], {
  from: 'user',
});
