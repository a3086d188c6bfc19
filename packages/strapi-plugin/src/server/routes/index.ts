// The hardened flow's routes, under the Content API prefix: /api/cognito-connect/*.
export const routes = {
  'content-api': {
    type: 'content-api',
    routes: [
      { method: 'GET', path: '/login', handler: 'auth.login', config: { auth: false } },
      { method: 'GET', path: '/callback', handler: 'auth.callback', config: { auth: false } },
      { method: 'POST', path: '/exchange', handler: 'auth.exchange', config: { auth: false } },
      { method: 'GET', path: '/logout', handler: 'auth.logout', config: { auth: false } },
      { method: 'POST', path: '/logout', handler: 'auth.logout', config: { auth: false } },
    ],
  },
};
