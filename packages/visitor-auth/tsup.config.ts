import { packageBuild } from '../../tsup.shared.js';

// Two entries: the root (handler + Node gateway) and ./web (handler only, no Node built-ins, for edge runtimes).
export default packageBuild({ entry: ['src/index.ts', 'src/web.ts'] });
