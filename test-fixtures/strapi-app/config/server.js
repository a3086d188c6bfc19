// Where Strapi listens and the public URL it builds absolute links from (the Cognito callback among them).
module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  // Behind a TLS-terminating proxy, trust its X-Forwarded-Proto so cookies are Secure (a suite sets TRUST_PROXY=true).
  proxy: { koa: env.bool('TRUST_PROXY', false) },
  app: { keys: env.array('APP_KEYS') },
});
