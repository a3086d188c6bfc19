// The stock controller: permissions, not code, decide who may read and write articles.
const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreController('api::article.article');
