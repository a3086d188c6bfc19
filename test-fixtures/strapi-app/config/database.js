// SQLite in a file the test harness chooses (the default: each suite starts from an empty database), or PostgreSQL when
// DATABASE_CLIENT=postgres (the two-instance suite shares one throwaway cluster between two Strapi processes).
const path = require('path');

module.exports = ({ env }) =>
  env('DATABASE_CLIENT', 'sqlite') === 'postgres'
    ? {
        connection: {
          client: 'postgres',
          connection: {
            host: env('DATABASE_HOST', '127.0.0.1'),
            port: env.int('DATABASE_PORT', 5432),
            database: env('DATABASE_NAME', 'strapi'),
            user: env('DATABASE_USERNAME', 'strapi'),
            password: env('DATABASE_PASSWORD', ''),
            ssl: false,
          },
          pool: { min: 0, max: env.int('DATABASE_POOL_MAX', 10) },
        },
      }
    : {
        connection: {
          client: 'sqlite',
          connection: { filename: path.resolve(__dirname, '..', env('DATABASE_FILENAME', '.tmp/data.db')) },
          useNullAsDefault: true,
        },
      };
