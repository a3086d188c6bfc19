// Quiet by default so test output shows test results; STRAPI_LOG_LEVEL=http shows every request.
module.exports = ({ env }) => ({ level: env('STRAPI_LOG_LEVEL', 'warn') });
