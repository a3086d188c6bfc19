// The Cognito app client a target needs, derived from the settings so every target asks for the same things the same way.
import {
  CognitoConfigError,
  type CognitoSettings,
  cognitoLogoutUrl as logoutUrlFor,
  USER_POOL_PROVIDER,
} from '@cognito-connect/core';
import type { AppClientSpec } from './types.js';

/**
 * The app client spec for a target. With `settings.identityProvider` set, only that IdP is enabled on the client:
 * every login is sent there, so leaving the pool's own password sign-in open would only widen the door.
 */
export function appClientSpec(
  settings: CognitoSettings,
  spec: { clientName: string; callbackUrls: string[]; logoutUrls?: string[]; generateSecret: boolean },
): AppClientSpec {
  return {
    clientName: spec.clientName,
    callbackUrls: spec.callbackUrls,
    logoutUrls: spec.logoutUrls ?? [],
    scopes: [...settings.scopes],
    generateSecret: spec.generateSecret,
    identityProviders: settings.identityProvider ? [settings.identityProvider] : [USER_POOL_PROVIDER],
  };
}

/** Cognito's logout URL that returns to `logoutUri` (which must be registered as a sign-out URL); built by core. */
export function cognitoLogoutUrl(settings: CognitoSettings, logoutUri: string): string {
  return logoutUrlFor(settings.endpoints, settings.clientId, logoutUri);
}

/** Refuses settings whose scopes lack one a platform reads (e.g. `email` for platforms keyed on the email address). */
export function requireScope(settings: CognitoSettings, scope: string, platform: string): void {
  if (!settings.scopes.includes(scope)) {
    throw new CognitoConfigError(
      'CONFIG_INVALID_SCOPES',
      'scopes',
      `${platform} needs the "${scope}" scope (it reads the user's ${scope}); add it to scopes and to the app client's allowed scopes.`,
    );
  }
}

/** The first note of every platform target: what to register on the app client. */
export function registerNote(settings: CognitoSettings, callbackUrls: string[], logoutUrls: string[] = []): string {
  const plural = (n: number, what: string) => (n === 1 ? what : `${what}s`);
  const logout = logoutUrls.length
    ? ` and ${logoutUrls.join(', ')} as ${plural(logoutUrls.length, 'a sign-out URL')}`
    : '';
  return `Register ${callbackUrls.join(', ')} as ${plural(callbackUrls.length, 'a callback URL')}${logout} of app client ${settings.clientId} (authorization code grant, scopes ${settings.scopes.join(' ')}).`;
}
