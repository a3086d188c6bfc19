import { packageBuild } from '../../tsup.shared.js';

// Three entries: the library API (index), the Strapi plugin object (strapi-server, required by strapi/strapi-server.js) and
// the admin panel half (strapi-admin), which Strapi's admin build bundles for the browser.
export default packageBuild({
  entry: { index: 'src/index.ts', 'strapi-server': 'src/strapi-server.ts', 'strapi-admin': 'src/admin/index.ts' },
});
