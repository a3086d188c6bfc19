// The site installation's configuration screen: the Cognito app client's details, and the callback URL to register on it.
import { CognitoConfigError, defineCognito } from '@cognito-connect/core';
import { ExposableError, type RuntimeContext, type RuntimeEnvironment, createComponent } from '@gitbook/runtime';
import { parseClaimList } from '../claims.js';
import { type GitBookSiteConfiguration, gitbookCallbackUrl } from './installation.js';

export type GitBookContext = RuntimeContext<RuntimeEnvironment<object, GitBookSiteConfiguration>>;

type Props = {
  installation: { configuration?: Record<string, string> };
  siteInstallation: { configuration?: GitBookSiteConfiguration };
};

type State = {
  user_pool_id: string;
  client_id: string;
  client_secret: string;
  cognito_domain: string;
  logout_url: string;
  claims: string;
  required_groups: string;
};

type Action = { action: 'save.config' };

const DOCS = 'https://docs.aws.amazon.com/cognito/latest/developerguide';

export function siteInstallationOf(context: GitBookContext) {
  const siteInstallation = context.environment.siteInstallation;
  if (!siteInstallation) throw new ExposableError('Install this integration on a site (not a space) to protect it with Cognito.');
  return siteInstallation;
}

/** Checks the values with core before saving, so a typo shows up here rather than on a visitor's first sign-in. */
function check(state: State, secret: string | undefined, publicEndpoint: string): void {
  try {
    defineCognito({
      userPoolId: state.user_pool_id,
      clientId: state.client_id,
      clientSecret: secret,
      domain: state.cognito_domain,
      redirectUri: gitbookCallbackUrl(publicEndpoint),
      logoutUri: state.logout_url.trim() || undefined,
    });
    parseClaimList(state.claims);
  } catch (error) {
    if (error instanceof CognitoConfigError) throw new ExposableError(error.message);
    throw error;
  }
  if (!secret) throw new ExposableError('clientSecret: the Cognito app client secret is required (use a confidential app client).');
}

export const configComponent = createComponent<Props, State, Action, GitBookContext>({
  componentId: 'config',
  initialState: (props) => {
    const saved = props.siteInstallation.configuration ?? {};
    return {
      user_pool_id: saved.user_pool_id ?? '',
      client_id: saved.client_id ?? '',
      // The saved secret is never sent back to the browser; an empty field keeps it.
      client_secret: '',
      cognito_domain: saved.cognito_domain ?? '',
      logout_url: saved.logout_url ?? '',
      claims: saved.claims ?? '',
      required_groups: saved.required_groups ?? '',
    };
  },
  action: async (element, action, context) => {
    if (action.action !== 'save.config') return undefined;
    const siteInstallation = siteInstallationOf(context);
    const saved = siteInstallation.configuration ?? {};
    const state = element.state;
    const secret = state.client_secret.trim() || saved.client_secret;
    check(state, secret, siteInstallation.urls.publicEndpoint);
    const configuration: GitBookSiteConfiguration = {
      ...saved,
      user_pool_id: state.user_pool_id.trim(),
      client_id: state.client_id.trim(),
      client_secret: secret,
      cognito_domain: state.cognito_domain.trim(),
      logout_url: state.logout_url.trim(),
      claims: state.claims.trim(),
      required_groups: state.required_groups.trim(),
    };
    await context.api.integrations.updateIntegrationSiteInstallation(siteInstallation.integration, siteInstallation.installation, siteInstallation.site, {
      configuration,
    });
    return { type: 'complete' };
  },
  render: async (element, context) => {
    const siteInstallation = siteInstallationOf(context);
    const hasSecret = Boolean(siteInstallation.configuration?.client_secret);
    return (
      <block>
        <input
          label="User pool ID"
          hint="From the user pool's overview page, such as eu-west-1_AbC123xyZ. Tokens are verified against this pool."
          element={<textinput state="user_pool_id" placeholder="eu-west-1_AbC123xyZ" />}
        />
        <input
          label="Client ID"
          hint={
            <text>
              The app client's ID (a confidential client, with a secret). <link target={{ url: `${DOCS}/user-pool-settings-client-apps.html` }}>App clients</link>
            </text>
          }
          element={<textinput state="client_id" placeholder="Client ID" />}
        />
        <input
          label="Client secret"
          hint={hasSecret ? 'Saved. Leave empty to keep it, or paste a new one.' : "The app client's secret."}
          element={<textinput state="client_secret" inputType="password" placeholder={hasSecret ? 'Saved secret kept' : 'Client secret'} />}
        />
        <input
          label="Cognito domain"
          hint={
            <text>
              The user pool domain: a prefix, the full host, or your custom domain. <link target={{ url: `${DOCS}/cognito-user-pools-assign-domain.html` }}>Domains</link>
            </text>
          }
          element={<textinput state="cognito_domain" placeholder="myapp.auth.eu-west-1.amazoncognito.com" />}
        />
        <input
          label="Logout URL"
          hint="Where visitors land after signing out of Cognito; it must be one of the app client's allowed sign-out URLs. Empty: the site's URL."
          element={<textinput state="logout_url" placeholder="https://docs.example.com" />}
        />
        <input
          label="Claims for adaptive content (optional)"
          hint="Verified claims copied into the visitor token, e.g. email, cognito:groups=groups, custom:*. Empty: sub, email and groups."
          element={<textinput state="claims" placeholder="email, cognito:groups=groups, custom:*" />}
        />
        <input
          label="Required groups (optional)"
          hint="Admit only members of one of these Cognito groups (comma-separated). Empty: every user of the pool."
          element={<textinput state="required_groups" placeholder="readers, staff" />}
        />
        <divider size="medium" />
        <hint>
          <text style="bold">Add this URL to the app client's allowed callback URLs in Cognito:</text>
        </hint>
        <codeblock content={gitbookCallbackUrl(siteInstallation.urls.publicEndpoint)} />
        <input label="" hint="" element={<button style="primary" label="Save" tooltip="Save configuration" onPress={{ action: 'save.config' }} />} />
      </block>
    );
  },
});
