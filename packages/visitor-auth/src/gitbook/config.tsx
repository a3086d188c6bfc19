// The site installation's configuration screen: the Cognito app client's details, and the callback URL to register on it.
import { CognitoConfigError, defineCognito } from '@cognito-connect/core';
import { ExposableError, type RuntimeContext, type RuntimeEnvironment, createComponent } from '@gitbook/runtime';
import { compileClaims, parseClaimList } from '../claims.js';
import { type GitBookSiteConfiguration, gitbookCallbackUrl } from './installation.js';

/** The GitBook runtime context this integration runs in, with the site installation's saved configuration. */
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

/** One text field of the screen, bound to the state key of the same name. */
type Field = {
  state: keyof State;
  label: string;
  hint: string;
  placeholder: string;
  docs?: string;
  password?: boolean;
};

const DOCS = 'https://docs.aws.amazon.com/cognito/latest/developerguide';

/**
 * The site installation of the current request; throws GitBook's ExposableError (shown to the user) when the
 * integration is installed on a space instead of a site.
 *
 * @example
 * ```ts
 * const installation = siteInstallationOf(context);
 * ```
 */
export function siteInstallationOf(context: GitBookContext) {
  const siteInstallation = context.environment.siteInstallation;
  if (!siteInstallation)
    throw new ExposableError('Install this integration on a site (not a space) to protect it with Cognito.');
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
    compileClaims(parseClaimList(state.claims));
  } catch (error) {
    if (error instanceof CognitoConfigError) throw new ExposableError(error.message);
    throw error;
  }
  if (!secret)
    throw new ExposableError(
      'clientSecret: the Cognito app client secret is required (use a confidential app client).',
    );
}

/** The configuration screen GitBook shows on the site installation: the pool, the app client and the claims. */
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
    await context.api.integrations.updateIntegrationSiteInstallation(
      siteInstallation.integration,
      siteInstallation.installation,
      siteInstallation.site,
      {
        configuration,
      },
    );
    return { type: 'complete' };
  },
  render: async (element, context) => {
    const siteInstallation = siteInstallationOf(context);
    const hasSecret = Boolean(siteInstallation.configuration?.client_secret);
    const fields: Field[] = [
      {
        state: 'user_pool_id',
        label: 'User pool ID',
        hint: "From the user pool's overview page. Tokens are verified against this pool.",
        placeholder: 'eu-west-1_AbC123xyZ',
      },
      {
        state: 'client_id',
        label: 'Client ID',
        hint: "The app client's ID (a confidential client, with a secret).",
        placeholder: 'Client ID',
        docs: 'user-pool-settings-client-apps.html',
      },
      {
        state: 'client_secret',
        label: 'Client secret',
        hint: hasSecret ? 'Saved. Leave empty to keep it, or paste a new one.' : "The app client's secret.",
        placeholder: hasSecret ? 'Saved secret kept' : 'Client secret',
        password: true,
      },
      {
        state: 'cognito_domain',
        label: 'Cognito domain',
        hint: 'The user pool domain: a prefix, the full host, or your custom domain.',
        placeholder: 'myapp.auth.eu-west-1.amazoncognito.com',
        docs: 'cognito-user-pools-assign-domain.html',
      },
      {
        state: 'logout_url',
        label: 'Logout URL',
        hint: "Where visitors land after signing out of Cognito; one of the app client's allowed sign-out URLs. Empty: the site's URL.",
        placeholder: 'https://docs.example.com',
      },
      {
        state: 'claims',
        label: 'Claims for adaptive content (optional)',
        hint: 'Verified claims copied into the visitor token. Empty: sub, email and groups.',
        placeholder: 'email, cognito:groups=groups, custom:*',
      },
      {
        state: 'required_groups',
        label: 'Required groups (optional)',
        hint: 'Admit only members of one of these Cognito groups. Empty: every user of the pool.',
        placeholder: 'readers, staff',
      },
    ];
    return (
      <block>
        {fields.map((field) => (
          <input
            label={field.label}
            hint={
              field.docs ? (
                <text>
                  {field.hint} <link target={{ url: `${DOCS}/${field.docs}` }}>More details</link>
                </text>
              ) : (
                field.hint
              )
            }
            element={
              <textinput
                state={field.state}
                placeholder={field.placeholder}
                inputType={field.password ? 'password' : 'text'}
              />
            }
          />
        ))}
        <divider size="medium" />
        <hint>
          <text style="bold">Add this URL to the app client's allowed callback URLs in Cognito:</text>
        </hint>
        <codeblock content={gitbookCallbackUrl(siteInstallation.urls.publicEndpoint)} />
        <input
          label=""
          hint=""
          element={
            <button style="primary" label="Save" tooltip="Save configuration" onPress={{ action: 'save.config' }} />
          }
        />
      </block>
    );
  },
});
