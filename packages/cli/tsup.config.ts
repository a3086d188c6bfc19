import { packageBuild } from '../../tsup.shared.js';

// shims: import.meta.url in the CommonJS build too (the playground finds its packaged demo/ from it).
export default packageBuild({ entry: ['src/index.ts', 'src/bin.ts'], shims: true });
