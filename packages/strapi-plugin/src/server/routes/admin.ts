// The admin panel sign-in's routes: login and callback under the Content API prefix (/api/cognito-connect/admin/*, where the
// transaction cookie lives), and the panel's config at /cognito-connect/admin/config (admin routes do not move with api.rest.prefix).
export const adminRoutes = {
  'admin-sign-in': {
    type: 'content-api',
    routes: [
      { method: 'GET', path: '/admin/login', handler: 'admin-auth.login', config: { auth: false } },
      { method: 'GET', path: '/admin/callback', handler: 'admin-auth.callback', config: { auth: false } },
    ],
  },
  admin: {
    type: 'admin',
    routes: [{ method: 'GET', path: '/admin/config', handler: 'admin-auth.config', config: { auth: false } }],
  },
};
