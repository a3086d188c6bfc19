// The GitBook integration: GitBook's visitor-auth events and HTTP requests, answered by the shared visitor-auth handler.
import { CognitoConfigError } from '@cognito-connect/core';
import {
  ExposableError,
  type FetchEventCallback,
  type FetchVisitorAuthenticationEventCallback,
  Logger,
  createIntegration,
} from '@gitbook/runtime';
import { type VisitorAuth, createVisitorAuth } from '../handler.js';
import { type GitBookContext, configComponent, siteInstallationOf } from './config.js';
import { visitorAuthOptionsFor } from './installation.js';

const logger = Logger('cognito-connect.visitor-auth');

/** Handlers by installation and configuration, so a warm worker keeps its JWKS cache and replay guard across requests. */
const handlers = new Map<string, VisitorAuth>();
const siteUrls = new Map<string, { url: string; until: number }>();
const SITE_URL_TTL_MS = 60_000;

/** The published site's URL, from GitBook's API (it changes when a custom domain is set, so it is never stored in the configuration). */
async function publishedSiteUrl(context: GitBookContext, siteId: string): Promise<string> {
  const cached = siteUrls.get(siteId);
  if (cached && cached.until > Date.now()) return cached.url;
  const organization = context.environment.installation?.target.organization;
  if (!organization) throw new ExposableError('The integration is not installed in an organization.');
  const { data } = await context.api.orgs.getSiteById(organization, siteId);
  const url = data.urls.published;
  if (!url) throw new ExposableError('This site is not published yet: publish it, then visitors can sign in.');
  siteUrls.set(siteId, { url, until: Date.now() + SITE_URL_TTL_MS });
  return url;
}

async function visitorAuth(context: GitBookContext): Promise<VisitorAuth> {
  const siteInstallation = siteInstallationOf(context);
  const siteUrl = await publishedSiteUrl(context, siteInstallation.site);
  const signingSecret = context.environment.signingSecrets.siteInstallation;
  const key = JSON.stringify([
    siteInstallation.installation,
    siteInstallation.site,
    siteInstallation.configuration,
    siteUrl,
    signingSecret,
  ]);
  let handler = handlers.get(key);
  if (!handler) {
    try {
      handler = createVisitorAuth(
        await visitorAuthOptionsFor({
          configuration: siteInstallation.configuration ?? {},
          publicEndpoint: siteInstallation.urls.publicEndpoint,
          siteUrl,
          signingSecret,
        }),
      );
    } catch (error) {
      // Core's configuration messages name the field and never contain a secret: safe to show the site's admin.
      if (error instanceof CognitoConfigError)
        throw new ExposableError(`Cognito visitor authentication is not configured: ${error.message}`);
      throw error;
    }
    if (handlers.size > 32) handlers.clear();
    handlers.set(key, handler);
  }
  return handler;
}

/** Login and logout as GitBook asks for them (`<site>/~gitbook/auth/login?location=…`, `…/logout`). */
const fetchVisitorAuthentication: FetchVisitorAuthenticationEventCallback<GitBookContext> = async (event, context) => {
  const auth = await visitorAuth(context);
  if (event.action === 'logout') return Response.redirect(auth.logoutUrl(), 302);
  // The login starts on our own endpoint, not here: this response is served on the site's domain, and the
  // login transaction's cookie must be set on the integration's endpoint, where the callback will read it.
  return Response.redirect(auth.loginUrl(event.location ?? '/'), 302);
};

/** Requests to `<integration endpoint>/visitor-auth/{login,response,logout}`. */
const handleFetch: FetchEventCallback<GitBookContext> = async (request, context) => {
  const response = await (await visitorAuth(context)).fetch(request);
  if (response.status >= 400)
    logger.info(`visitor-auth ${new URL(request.url).pathname.split('/').pop()} answered ${response.status}`);
  return response;
};

export default createIntegration<GitBookContext>({
  fetch: handleFetch,
  fetch_visitor_authentication: fetchVisitorAuthentication,
  components: [configComponent],
});
