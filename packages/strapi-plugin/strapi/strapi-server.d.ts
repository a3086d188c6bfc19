// Types for the ./strapi-server export (package.json points here; attw fails the package without them): require() gets the plugin object itself.
import plugin from '../dist/strapi-server.cjs';
export = plugin;
