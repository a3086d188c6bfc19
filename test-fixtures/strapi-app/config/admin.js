// Admin secrets come from the environment; the fixture never builds or serves the admin panel.
module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
  // The fixture runs without an admin build (tests, playground); set SERVE_ADMIN_PANEL=true after `strapi build`.
  serveAdminPanel: env.bool('SERVE_ADMIN_PANEL', false),
});
