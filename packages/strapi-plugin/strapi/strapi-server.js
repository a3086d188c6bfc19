// Strapi loads plugins with require() and only from a .js file: this CommonJS shim hands it the built plugin.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Strapi requires this file; it must be CommonJS
const built = require('../dist/strapi-server.cjs');
module.exports = built.default ?? built;
