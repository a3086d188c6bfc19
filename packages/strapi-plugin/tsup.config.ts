import { packageBuild } from '../../tsup.shared.js';

// Two entries: the library API (index) and the Strapi plugin object (strapi-server, required by strapi/strapi-server.js).
export default packageBuild({ entry: ['src/index.ts', 'src/strapi-server.ts'] });
