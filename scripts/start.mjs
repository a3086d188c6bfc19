// `npm start`: the playground — emulator, Strapi example app and a protected docs site — with no AWS account.
import { createProgram } from '../packages/cli/dist/index.js';

await createProgram().parseAsync(['playground', ...process.argv.slice(2)], { from: 'user' });
