// One Cognito app client for the whole plugin: the pool from the options, the client from the options or the Providers page.
import {
  type CognitoClient,
  CognitoConfigError,
  cognitoPrefixDomain,
  createCognito,
  defineCognito,
} from '@cognito-connect/core';
import { PluginError } from '../../errors.js';
import { type PluginOptions, cognitoOptions } from '../../options.js';
import type { GrantProviderSettings, Strapi } from '../../strapi.js';
import type { Tickets } from './tickets.js';

export const PROVIDER = 'cognito';

/** URLs the plugin serves, absolute, from Strapi's public URL (server.url). */
export interface PluginUrls {
  /** Strapi's public origin + path, without a trailing slash. */
  base: string;
  /** The hardened flow's callback: `<base>/api/cognito-connect/callback` unless `redirectUri` says otherwise. */
  callback: string;
  /** users-permissions' provider callback, kept for apps registered with it: `<base>/api/connect/cognito/callback`. */
  builtInCallback: string;
  /** Where users-permissions' front-end redirect defaults to: `<base>/api/auth/cognito/callback`. */
  builtInFrontEnd: string;
}

export function pluginUrls(strapi: Strapi, options: PluginOptions): PluginUrls {
  const base = String(strapi.config.get('server.absoluteUrl') ?? '').replace(/\/+$/, '');
  const api = base + String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/+$/, '');
  return {
    base,
    callback: options.redirectUri ?? `${api}/cognito-connect/callback`,
    builtInCallback: `${api}/connect/${PROVIDER}/callback`,
    builtInFrontEnd: `${api}/auth/${PROVIDER}/callback`,
  };
}

/** The Providers page's settings for the cognito provider (users-permissions' `grant` store). */
export async function providerSettings(strapi: Strapi): Promise<GrantProviderSettings> {
  const grant = (await strapi.store({ type: 'plugin', name: 'users-permissions' }).get({ key: 'grant' })) as Record<
    string,
    GrantProviderSettings
  > | null;
  return grant?.[PROVIDER] ?? {};
}

/**
 * The Providers page shows its "Host URI" field only while the stored value is non-empty, so the registry ships a hint
 * instead of nothing; it (and users-permissions' own placeholder) counts as not configured.
 */
export const placeholderDomain = (region: string) => cognitoPrefixDomain('your-domain-prefix', region);
const isPlaceholder = (domain: string) => domain.startsWith('your-domain-prefix.') || domain === 'my.subdomain.com';

/**
 * What the Providers page's "Client Secret" holds when the app client is in config: the page refuses to save an empty
 * secret, the real one never goes to the database, and the plugin ignores this value.
 */
export const CONFIG_SECRET_MARKER = 'not stored here: see config/plugins (cognito-connect)';

const PAGE_FIELDS = { clientId: 'Client ID', clientSecret: 'Client Secret', domain: 'Host URI (Subdomain)' } as const;

export interface AppClient {
  /** A core client for the current settings (rebuilt only when the Providers page changes them). */
  get(): Promise<CognitoClient>;
}

export function createAppClient(strapi: Strapi, options: PluginOptions, tickets: Tickets): AppClient {
  let cached: { fingerprint: string; client: CognitoClient } | undefined;
  return {
    async get() {
      const page = await providerSettings(strapi);
      // A value set in code wins; the Providers page fills what code leaves out.
      const client = {
        clientId: options.clientId ?? (page.key || undefined),
        clientSecret:
          options.clientSecret ?? (page.secret && page.secret !== CONFIG_SECRET_MARKER ? page.secret : undefined),
        domain: options.domain ?? (page.subdomain && !isPlaceholder(page.subdomain) ? page.subdomain : undefined),
      };
      if (options.clientSecret !== undefined && options.domain === undefined) {
        // Whoever may edit the Providers page must not choose where the secret kept out of the database is sent.
        throw new PluginError(
          'PROVIDER_NOT_CONFIGURED',
          'clientSecret is set in config/plugins (cognito-connect), so domain must be set there too: the Providers page\'s "Host URI" may not decide where that secret is sent.',
        );
      }
      const fingerprint = JSON.stringify([
        client.clientId,
        client.clientSecret,
        client.domain,
        strapi.config.get('server.absoluteUrl'),
      ]);
      if (cached?.fingerprint === fingerprint) return cached.client;
      for (const [field, label] of Object.entries(PAGE_FIELDS)) {
        if (field !== 'clientSecret' && !client[field as keyof typeof client]) {
          throw new PluginError(
            'PROVIDER_NOT_CONFIGURED',
            `Cognito is not configured: set ${field} in config/plugins (cognito-connect) or "${label}" on Settings > Users & Permissions > Providers > Cognito.`,
          );
        }
      }
      let settings;
      try {
        settings = defineCognito(cognitoOptions(options, client, pluginUrls(strapi, options).callback));
      } catch (error) {
        // Say where the bad value was typed: a Providers page field, or the plugin options.
        if (
          error instanceof CognitoConfigError &&
          error.field in PAGE_FIELDS &&
          options[error.field as keyof typeof PAGE_FIELDS] === undefined
        ) {
          const label = PAGE_FIELDS[error.field as keyof typeof PAGE_FIELDS];
          throw new PluginError(
            'PROVIDER_NOT_CONFIGURED',
            `Providers > Cognito > "${label}": ${error.detail.problem ?? error.message}`,
          );
        }
        throw error;
      }
      cached = {
        fingerprint,
        client: createCognito(settings, {
          replayGuard: tickets.replayGuard,
          acceptedClientIds: options.bearer.clientIds,
        }),
      };
      return cached.client;
    },
  };
}
