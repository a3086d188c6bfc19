// The stock REST routes (/api/articles), guarded by users-permissions.
const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreRouter('api::article.article');
