// grant (the OAuth middleware for Express, Koa, Fastify...): its provider config for Cognito, as an importable module.
import { IDP_AUTHORIZE_PARAMS } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec, registerNote } from '../app-client.js';
import { javascriptLiteral } from '../formats/javascript.js';
import { baseUrl, commonOptions } from '../options.js';
import { clientSecret } from '../secrets.js';
import { banner, defineTarget } from './define.js';

const PATH = /^\/[A-Za-z0-9._~\-/]*$/;
const path = (what: string, fallback: string) =>
  z.string().regex(PATH, `expected a path starting with /, e.g. ${fallback}.`).default(fallback).describe(what);

/** grant's own name for the provider; it also names the callback route (`<prefix>/cognito/callback`). */
const PROVIDER = 'cognito';

const options = z.strictObject({
  appUrl: baseUrl('app', 'https://app.example.com'),
  ...commonOptions,
  prefix: path("grant's route prefix (its login route is <prefix>/cognito).", '/connect'),
  callback: path('Where grant hands the result (tokens and profile) to your app.', '/auth/cognito/done'),
  transport: z
    .enum(['session', 'state'], {
      error: 'expected "session" or "state" (querystring would put tokens in URLs and logs).',
    })
    .default('session')
    .describe('How grant hands the result to your callback: in the session, or in res.locals.grant (state).'),
});

export const grant = defineTarget({
  name: 'grant',
  title: 'grant (Node OAuth middleware)',
  summary: 'A grant config module (Express, Koa, Fastify...) with Cognito as provider "cognito".',
  docs: 'docs/grant.md',
  options,
  build(settings, o) {
    const { endpoints } = settings;
    const origin = new URL(o.appUrl).origin;
    const basePath = new URL(o.appUrl).pathname.replace(/\/$/, '');
    const prefix = `${basePath}${o.prefix}`.replace(/\/+$/, '');
    const callbackUrl = `${origin}${prefix}/${PROVIDER}/callback`;
    const secret = clientSecret(settings, o, 'grant', false);
    const config = {
      defaults: { origin, prefix, transport: o.transport, state: true, nonce: true, pkce: true },
      [PROVIDER]: {
        oauth: 2,
        key: settings.clientId,
        secret,
        authorize_url: endpoints.authorize,
        access_url: endpoints.token,
        profile_url: endpoints.userInfo,
        scope: [...settings.scopes],
        scope_delimiter: ' ',
        ...(secret && settings.clientAuthMethod === 'client_secret_basic'
          ? { token_endpoint_auth_method: 'client_secret_basic' }
          : {}),
        ...(settings.identityProvider
          ? { custom_params: { [IDP_AUTHORIZE_PARAMS.byName]: settings.identityProvider } }
          : {}),
        response: ['tokens', 'profile'],
        callback: `${basePath}${o.callback}`,
      },
    };
    const module = [`// ${banner('grant')}`, `export default ${javascriptLiteral(config)};`, ''].join('\n');
    return {
      files: [
        {
          path: 'grant.config.mjs',
          format: 'javascript',
          contents: module,
          description: "import config from './grant.config.mjs'; app.use(grant.express(config))",
        },
      ],
      callbackUrls: [callbackUrl],
      logoutUrls: [],
      notes: [
        registerNote(settings, [callbackUrl]),
        `Mount grant with a session (express-session, koa-session...); send users to ${origin}${prefix}/${PROVIDER} to sign in.`,
        `grant checks state, nonce and PKCE but does not verify token signatures: verify the ID token in your ${o.callback} handler with @cognito-connect/core (createVerifier) before trusting it.`,
        ...(o.secrets === 'env' && secret
          ? [`grant.config.mjs reads the secret from process.env["${o.secretEnvVar}"].`]
          : []),
      ],
      json: config,
      appClient: appClientSpec(settings, {
        clientName: 'grant',
        callbackUrls: [callbackUrl],
        generateSecret: secret !== undefined,
      }),
    };
  },
});
