// Gives the fixture's roles their article permissions, as an admin would in the Roles page.
const ROLE_PERMISSIONS = {
  authenticated: ['api::article.article.find', 'api::article.article.findOne'],
  editor: [
    'api::article.article.find',
    'api::article.article.findOne',
    'api::article.article.create',
    'plugin::users-permissions.user.me',
  ],
};

module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    const roles = strapi.db.query('plugin::users-permissions.role');
    const permissions = strapi.db.query('plugin::users-permissions.permission');
    if (!(await roles.findOne({ where: { type: 'editor' } }))) {
      await roles.create({ data: { name: 'Editor', description: 'Writes articles.', type: 'editor' } });
    }
    for (const [type, actions] of Object.entries(ROLE_PERMISSIONS)) {
      const role = await roles.findOne({ where: { type } });
      for (const action of actions) {
        if (!(await permissions.findOne({ where: { action, role: role.id } }))) {
          await permissions.create({ data: { action, role: role.id } });
        }
      }
    }
  },
};
