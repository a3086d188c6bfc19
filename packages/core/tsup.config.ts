import { packageBuild } from '../../tsup.shared.js';

// Core must run in edge workers and Deno: a neutral platform build fails on any node: import.
export default packageBuild({ platform: 'neutral', target: 'es2022' });
