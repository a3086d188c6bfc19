// Types for the CommonJS shim beside it: Strapi's require() gets the plugin object itself, not a `default` wrapper.
import plugin = require('../dist/strapi-server.cjs');
export = plugin.default;
