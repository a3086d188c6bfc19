// Turns a GitBook site installation (its saved configuration, endpoint and signing secret) into visitor-auth options; no GitBook runtime needed, so it is unit-tested.
import { CognitoConfigError, defineCognito } from '@cognito-connect/core';
import { parseClaimList } from '../claims.js';
import type { VisitorAuthOptions } from '../handler.js';

/** What the configuration screen saves on the site installation (a type, not an interface: ContentKit props must be plain objects). */
export type GitBookSiteConfiguration = {
  user_pool_id?: string;
  client_id?: string;
  client_secret?: string;
  cognito_domain?: string;
  /** Where Cognito's logout returns visitors; empty means the site's URL. */
  logout_url?: string;
  /** `email, cognito:groups=groups, custom:*`; empty means the defaults. */
  claims?: string;
  /** Comma-separated Cognito groups; empty admits every user of the pool. */
  required_groups?: string;
  /** Not shown on the screen: an issuer override for a local Cognito emulator (loopback http only, enforced by core). */
  issuer?: string;
};

/** GitBook users register `<integration endpoint>/visitor-auth/response` as the app client's callback URL. */
export const GITBOOK_CALLBACK_SUFFIX = '/visitor-auth/response';

/**
 * The callback URL a GitBook installation registers on the app client: its public endpoint plus the suffix.
 *
 * @example
 * ```ts
 * gitbookCallbackUrl('https://integrations.gitbook.com/v1/integrations/cognito/installations/abc/sites/xyz/');
 * // 'https://integrations.gitbook.com/v1/integrations/cognito/installations/abc/sites/xyz/visitor-auth/response'
 * ```
 */
export function gitbookCallbackUrl(publicEndpoint: string): string {
  return publicEndpoint.replace(/\/+$/, '') + GITBOOK_CALLBACK_SUFFIX;
}

const LABELS: Record<string, string> = {
  user_pool_id: 'User pool ID',
  client_id: 'Client ID',
  client_secret: 'Client secret',
  cognito_domain: 'Cognito domain',
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * A transaction secret for this installation, derived from GitBook's signing secret with HMAC so the
 * sealed login transactions never use the key that signs visitor tokens.
 *
 * @example
 * ```ts
 * const transactionSecret = await deriveTransactionSecret(environment.signingSecrets.siteInstallation);
 * ```
 */
export async function deriveTransactionSecret(signingSecret: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(signingSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('cognito-connect/gitbook/transaction')),
  );
  return btoa(String.fromCharCode(...mac))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** What a GitBook site installation gives the integration: its saved configuration, its URLs and its signing secret. */
export interface GitBookInstallation {
  configuration: GitBookSiteConfiguration;
  /** The site installation's public endpoint (`siteInstallation.urls.publicEndpoint`). */
  publicEndpoint: string;
  /** The published site's URL (`site.urls.published`). */
  siteUrl: string;
  /** `environment.signingSecrets.siteInstallation`: GitBook verifies visitor tokens with it. */
  signingSecret: string | undefined;
}

/**
 * Visitor-auth options for an installation; throws CognitoConfigError naming the screen's field when one is missing or wrong.
 *
 * @example
 * ```ts
 * const auth = createVisitorAuth(await visitorAuthOptionsFor({ configuration, publicEndpoint, siteUrl, signingSecret }));
 * ```
 */
export async function visitorAuthOptionsFor(installation: GitBookInstallation): Promise<VisitorAuthOptions> {
  const { configuration } = installation;
  for (const [field, label] of Object.entries(LABELS)) {
    if (!text(configuration[field as keyof GitBookSiteConfiguration])) {
      throw new CognitoConfigError(
        'CONFIG_REQUIRED',
        field,
        `${label} is missing: fill it in on the integration's configuration screen.`,
      );
    }
  }
  if (!installation.signingSecret) {
    throw new CognitoConfigError(
      'CONFIG_REQUIRED',
      'signingSecrets.siteInstallation',
      'GitBook sent no site signing secret; reinstall the integration on the site.',
    );
  }
  const redirectUri = gitbookCallbackUrl(installation.publicEndpoint);
  const cognito = defineCognito({
    userPoolId: text(configuration.user_pool_id) as string,
    clientId: text(configuration.client_id) as string,
    clientSecret: text(configuration.client_secret),
    domain: text(configuration.cognito_domain) as string,
    issuer: text(configuration.issuer),
    redirectUri,
    transactionSecret: await deriveTransactionSecret(installation.signingSecret),
  });
  const groups = (configuration.required_groups ?? '').split(/[\s,]+/).filter(Boolean);
  return {
    cognito,
    // GitBook's endpoint host serves every installation of every integration: __Host- at / would let two installations'
    // logins in one browser overwrite each other's transaction, and on a host shared with other integrations' code no
    // prefix keeps a cookie from being set. The installation's own folder keeps its logins apart (`__Secure-`).
    transactionCookiePath: new URL('.', redirectUri).pathname,
    site: { url: installation.siteUrl, signingSecret: installation.signingSecret },
    claims: parseClaimList(configuration.claims),
    logoutUrl: text(configuration.logout_url),
    requiredGroups: groups.length ? groups : undefined,
  };
}
