// Public API of @cognito-connect/core: everything an adapter may import is exported here and only here.
export * from './errors.js';
export * from './endpoints.js';
export * from './settings.js';
