// Each generated file read back by a real parser for its format, and checked against the settings it came from.
import { parse as parseHcl } from '@cdktf/hcl2json';
import { defineCognito } from '@cognito-connect/core';
import { type GeneratedConfig, type TargetName, generateConfig } from '@cognito-connect/oauth-config';
import { parse as parseIni } from 'ini';
import jmespath from 'jmespath';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CLIENT_SECRET, IDP_SECRET, confidential, targetOptions } from './support/fixtures.js';
import { commandCalls, importModule, runSupersetConfig, sourceEnvFile } from './support/parsers.js';
import { envsubstReady, pythonReady, shReady } from './support/tools.js';

const { endpoints } = confidential;
const gen = (target: TargetName, extra: Record<string, unknown> = {}, settings = confidential) =>
  generateConfig(target, settings, { ...targetOptions[target], ...extra });
const file = (config: GeneratedConfig, path: string) => {
  const found = config.files.find((f) => f.path === path);
  if (!found) throw new Error(`${config.target} has no ${path}`);
  return found.contents;
};
const yaml = (text: string) => parseYaml(text, { version: '1.1' });
const hasSh = shReady();

describe('GitLab', () => {
  const config = gen('gitlab');
  const provider = JSON.parse(file(config, 'cognito-provider.json'));

  test('the JSON provider carries the settings, with the keys OmniAuth OpenID Connect reads', () => {
    expect(provider).toEqual({
      name: 'cognito',
      label: 'Cognito',
      args: {
        name: 'cognito',
        strategy_class: 'OmniAuth::Strategies::OpenIDConnect',
        scope: ['openid', 'email', 'profile'],
        response_type: 'code',
        issuer: endpoints.issuer,
        discovery: true,
        client_auth_method: 'basic',
        uid_field: 'sub',
        pkce: true,
        send_scope_to_token_endpoint: false,
        client_options: {
          identifier: confidential.clientId,
          secret: CLIENT_SECRET,
          redirect_uri: 'https://gitlab.acme.example/users/auth/cognito/callback',
        },
      },
    });
    const post = gen('gitlab', {}, defineCognito({ ...confidential, clientAuthMethod: 'client_secret_post' }));
    expect(JSON.parse(file(post, 'cognito-provider.json')).args.client_auth_method).toBe('query');
  });

  test("strategy oauth2_generic: the keys OAuth2Generic reads, as on GitLab's Cognito page", () => {
    const generic = JSON.parse(file(gen('gitlab', { strategy: 'oauth2_generic' }), 'cognito-provider.json'));
    expect(generic).toMatchObject({
      name: 'cognito',
      app_id: confidential.clientId,
      app_secret: CLIENT_SECRET,
      args: {
        strategy_class: 'OmniAuth::Strategies::OAuth2Generic',
        scope: 'openid email profile',
        client_options: {
          site: endpoints.domain,
          authorize_url: endpoints.authorize,
          token_url: endpoints.token,
          user_info_url: endpoints.userInfo,
        },
        user_response_structure: { root_path: [], id_path: ['sub'] },
      },
    });
  });

  test('gitlab.yml and the Helm secret hold the same provider', () => {
    const yml = yaml(file(config, 'gitlab.yml'));
    expect(yml.production.omniauth.providers).toEqual([provider]);
    expect(yml.production.omniauth).toMatchObject({
      enabled: true,
      allow_single_sign_on: ['cognito'],
      block_auto_created_users: true,
    });
    expect(yaml(file(config, 'helm/cognito-provider.yaml'))).toEqual(provider);
    expect(yaml(file(config, 'helm/values.yaml')).global.appConfig.omniauth.providers).toEqual([
      { secret: 'gitlab-cognito-oauth2', key: 'provider' },
    ]);
  });

  test('the callback is the one GitLab builds for the provider name', () => {
    expect(config.callbackUrls).toEqual(['https://gitlab.acme.example/users/auth/cognito/callback']);
  });
});

describe.runIf(hasSh)('environment files, as sh reads them', () => {
  test('Appsmith: every APPSMITH_OAUTH2_OIDC_* variable, comma-separated scope', async () => {
    const config = gen('appsmith');
    const vars = await sourceEnvFile(file(config, 'docker.env'));
    expect(vars).toMatchObject({
      APPSMITH_OAUTH2_OIDC_CLIENT_ID: confidential.clientId,
      APPSMITH_OAUTH2_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      APPSMITH_OAUTH2_OIDC_AUTHORIZATION_URI: endpoints.authorize,
      APPSMITH_OAUTH2_OIDC_TOKEN_URI: endpoints.token,
      APPSMITH_OAUTH2_OIDC_USER_INFO: endpoints.userInfo,
      APPSMITH_OAUTH2_OIDC_JWK_SET_URI: endpoints.jwks,
      APPSMITH_OAUTH2_OIDC_SCOPE: 'openid,email,profile',
      APPSMITH_OAUTH2_OIDC_USERNAME_ATTRIBUTE: 'email',
      APPSMITH_OAUTH2_OIDC_SIGNING_ALGO: 'RS256',
    });
    const admin = JSON.parse(file(config, 'admin-settings.json'));
    expect(admin['Redirect URL']).toBe('https://apps.acme.example/login/oauth2/code/oidc');
    expect(admin['JWK set URL']).toBe(endpoints.jwks);
  });

  test('Outline: OIDC_* with space-separated scopes and a Cognito logout that returns to Outline', async () => {
    const vars = await sourceEnvFile(file(gen('outline'), 'outline.env'));
    expect(vars).toMatchObject({
      OIDC_CLIENT_ID: confidential.clientId,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_AUTH_URI: endpoints.authorize,
      OIDC_TOKEN_URI: endpoints.token,
      OIDC_USERINFO_URI: endpoints.userInfo,
      OIDC_USERNAME_CLAIM: 'username',
      OIDC_SCOPES: 'openid email profile',
    });
    const logout = new URL(vars.OIDC_LOGOUT_URI as string);
    expect(logout.origin + logout.pathname).toBe(endpoints.logout);
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: confidential.clientId,
      logout_uri: 'https://wiki.acme.example',
    });
  });

  test('Grafana: the env file says what grafana.ini says', async () => {
    const config = gen('grafana');
    const vars = await sourceEnvFile(file(config, 'grafana.env'));
    // npm ini nests [auth.generic_oauth] under auth; Grafana names the variable after the dotted section.
    const flatten = (node: Record<string, unknown>, prefix: string): Array<[string, unknown]> =>
      Object.entries(node).flatMap(([k, v]) =>
        typeof v === 'object' && v !== null
          ? flatten(v as Record<string, unknown>, `${prefix}_${k}`)
          : [[`${prefix}_${k}`, v] as [string, unknown]],
      );
    const fromIni = flatten(parseIni(file(config, 'grafana.ini')), 'GF');
    expect(fromIni.length).toBeGreaterThan(10);
    for (const [name, value] of fromIni) expect(vars[name.toUpperCase()], name).toBe(String(value));
  });

  test('env mode: the file reads the secret from the environment when sourced', async () => {
    const vars = await sourceEnvFile(file(gen('outline', { secrets: 'env' }), 'outline.env'), {
      COGNITO_CLIENT_SECRET: 'from-the-environment',
    });
    expect(vars.OIDC_CLIENT_SECRET).toBe('from-the-environment');
  });
});

describe('Grafana', () => {
  const config = gen('grafana');
  const ini = parseIni(file(config, 'grafana.ini'));
  const oauth = ini.auth.generic_oauth;

  test('grafana.ini parses to the settings', () => {
    expect(oauth).toMatchObject({
      enabled: true,
      client_id: confidential.clientId,
      client_secret: CLIENT_SECRET,
      scopes: 'openid email profile',
      auth_url: endpoints.authorize,
      token_url: endpoints.token,
      api_url: endpoints.userInfo,
      use_pkce: true,
      email_attribute_path: 'email',
      login_attribute_path: 'username',
    });
    expect(ini.server.root_url).toBe('https://grafana.acme.example');
    expect(config.callbackUrls).toEqual(['https://grafana.acme.example/login/generic_oauth']);
  });

  test('role_attribute_path, evaluated by JMESPath on ID token claims, picks the role from cognito:groups', () => {
    const role = (claims: Record<string, unknown>) => jmespath.search(claims, oauth.role_attribute_path);
    expect(role({ 'cognito:groups': ['admins'] })).toBe('Admin');
    expect(role({ 'cognito:groups': ['sre'] })).toBe('Editor');
    expect(role({ 'cognito:groups': ['editors', 'admins'] })).toBe('Admin');
    expect(role({ 'cognito:groups': ['other'] })).toBe('Viewer');
    expect(role({ sub: 'no groups claim at all' })).toBe('Viewer');
  });

  test('defaultRole None refuses users outside the mapped groups (empty role, strict)', () => {
    const strict = parseIni(file(gen('grafana', { defaultRole: 'None' }), 'grafana.ini')).auth.generic_oauth;
    expect(strict.role_attribute_strict).toBe(true);
    expect(jmespath.search({ 'cognito:groups': ['other'] }, strict.role_attribute_path)).toBe('');
    expect(jmespath.search({ 'cognito:groups': ['admins'] }, strict.role_attribute_path)).toBe('Admin');
  });

  test('allowedGroups reads groups from the quoted claim', () => {
    const limited = parseIni(file(gen('grafana', { allowedGroups: ['staff', 'admins'] }), 'grafana.ini')).auth
      .generic_oauth;
    expect(limited.allowed_groups).toBe('staff admins');
    expect(jmespath.search({ 'cognito:groups': ['staff'] }, limited.groups_attribute_path)).toEqual(['staff']);
    expect(jmespath.search({ sub: 'no groups' }, limited.groups_attribute_path)).toBeNull();
  });
});

describe('Argo CD', () => {
  const config = gen('argocd');
  const cm = yaml(file(config, 'argocd-cm.yaml'));
  const oidc = yaml(cm.data['oidc.config']);

  test('oidc.config (YAML inside YAML) points at the pool and reads the secret from the labelled Secret', () => {
    expect(oidc).toMatchObject({
      issuer: endpoints.issuer,
      clientID: confidential.clientId,
      clientSecret: '$argocd-cognito-oidc:clientSecret',
      requestedScopes: ['openid', 'email', 'profile'],
    });
    expect(new URL(oidc.logoutURL).searchParams.get('logout_uri')).toBe('https://argocd.acme.example');
    expect(cm.data.url).toBe('https://argocd.acme.example');
    const secret = yaml(file(config, 'argocd-cognito-secret.yaml'));
    expect(secret).toMatchObject({
      kind: 'Secret',
      metadata: { name: 'argocd-cognito-oidc', labels: { 'app.kubernetes.io/part-of': 'argocd' } },
      stringData: { clientSecret: CLIENT_SECRET },
    });
  });

  test('RBAC maps cognito:groups', () => {
    const rbac = yaml(file(config, 'argocd-rbac-cm.yaml'));
    expect(yaml(rbac.data.scopes)).toEqual(['cognito:groups', 'email']);
    expect(rbac.data['policy.csv']).toBe('g, admins, role:admin\ng, developers, role:readonly\n');
  });
});

describe.runIf(pythonReady())('Superset, executed by Python', () => {
  test('OAUTH_PROVIDERS and the security manager', async () => {
    const config = gen('superset');
    const out = await runSupersetConfig(file(config, 'superset_config.py'), {
      provider: 'cognito',
      userInfo: { sub: 's-1', username: 'alice', email: 'alice@example.com', email_verified: 'true' },
      idTokenClaims: { sub: 's-1', 'cognito:groups': ['admins'] },
    });
    expect(out.settings).toEqual({ ...(config.json as Record<string, unknown>), AUTH_TYPE: 4 });
    const remote = (out.settings.OAUTH_PROVIDERS as Array<{ remote_app: Record<string, unknown> }>)[0]?.remote_app;
    expect(remote).toMatchObject({
      client_id: confidential.clientId,
      client_secret: CLIENT_SECRET,
      authorize_url: endpoints.authorize,
      access_token_url: endpoints.token,
      server_metadata_url: endpoints.discovery,
    });
    expect(out.userInfoUrl).toBe(endpoints.userInfo);
    expect(out.user).toEqual({ username: 'alice', email: 'alice@example.com', role_keys: ['admins'] });
  });

  test('env mode reads the secret with os.environ', async () => {
    const out = await runSupersetConfig(
      file(gen('superset', { secrets: 'env' }), 'superset_config.py'),
      { provider: 'cognito', userInfo: { username: 'bob' }, idTokenClaims: {} },
      { COGNITO_CLIENT_SECRET: 'from-the-environment' },
    );
    expect(
      (out.settings.OAUTH_PROVIDERS as Array<{ remote_app: { client_secret: string } }>)[0]?.remote_app.client_secret,
    ).toBe('from-the-environment');
    expect(out.user).toEqual({ username: 'bob', email: null, role_keys: [] });
  });
});

describe.runIf(hasSh)('commands, as sh runs them', () => {
  test('Nextcloud: occ gets each option as one argument', async () => {
    const [call] = await commandCalls(file(gen('nextcloud'), 'nextcloud-user-oidc.sh'), ['php']);
    expect(call?.slice(0, 4)).toEqual(['php', 'occ', 'user_oidc:provider', 'Cognito']);
    const opts = Object.fromEntries(
      (call ?? []).slice(4).map((a) => [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
    );
    expect(opts).toMatchObject({
      clientid: confidential.clientId,
      clientsecret: CLIENT_SECRET,
      discoveryuri: endpoints.discovery,
      scope: 'openid email profile',
      'mapping-uid': 'sub',
      'mapping-groups': 'cognito:groups',
    });
    expect(new URL(opts.endsessionendpointuri as string).searchParams.get('client_id')).toBe(confidential.clientId);
  });

  test('aws-cli: create-user-pool-client with the callback of the "for" target', async () => {
    const config = gen('aws-cli');
    const [call] = await commandCalls(file(config, 'create-user-pool-client.sh'), ['aws']);
    expect(call).toEqual([
      'aws',
      'cognito-idp',
      'create-user-pool-client',
      '--region',
      'eu-west-1',
      '--user-pool-id',
      confidential.userPoolId,
      '--client-name',
      'gitlab',
      '--generate-secret',
      '--allowed-o-auth-flows-user-pool-client',
      '--allowed-o-auth-flows',
      'code',
      '--allowed-o-auth-scopes',
      'openid',
      'email',
      'profile',
      '--callback-urls',
      'https://gitlab.acme.example/users/auth/cognito/callback',
      '--logout-urls',
      'https://gitlab.acme.example/users/sign_in',
      '--supported-identity-providers',
      'COGNITO',
      '--explicit-auth-flows',
      'ALLOW_REFRESH_TOKEN_AUTH',
      '--prevent-user-existence-errors',
      'ENABLED',
      '--enable-token-revocation',
    ]);
  });

  test('aws-cli update keeps the client ID and never asks for a new secret', async () => {
    const [call] = await commandCalls(file(gen('aws-cli', { action: 'update' }), 'update-user-pool-client.sh'), [
      'aws',
    ]);
    expect(call?.slice(0, 3)).toEqual(['aws', 'cognito-idp', 'update-user-pool-client']);
    expect(call?.[call.indexOf('--client-id') + 1]).toBe(confidential.clientId);
    expect(call).not.toContain('--generate-secret');
  });

  test.runIf(envsubstReady())(
    'federation: the CLI request file is what create-identity-provider reads; env mode fills the secret with envsubst',
    async () => {
      const inline = gen('federation');
      const request = JSON.parse(file(inline, 'cognito-identity-provider.json'));
      expect(request).toMatchObject({
        UserPoolId: confidential.userPoolId,
        ProviderName: 'BeyondIdentity',
        ProviderType: 'OIDC',
        ProviderDetails: {
          client_id: 'cognito-acme',
          client_secret: IDP_SECRET,
          authorize_scopes: 'openid email profile',
          oidc_issuer: 'https://auth.passwordless.example/v1/tenants/acme',
        },
      });
      const registration = JSON.parse(file(inline, 'idp-client-registration.json'));
      expect(registration).toMatchObject({
        redirect_uris: [endpoints.idpResponse],
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
      });

      const env = gen('federation', { secrets: 'env', idpClientSecret: undefined });
      // The stub for aws prints what it receives on stdin, which is what file:///dev/stdin reads.
      const script = file(env, 'create-identity-provider.sh').replace('aws cognito-idp', 'awsstdin cognito-idp');
      const calls = await commandCalls(
        `awsstdin() { cat; }\n${script}`,
        [],
        { IDP_CLIENT_SECRET: IDP_SECRET },
        { 'cognito-identity-provider.json': file(env, 'cognito-identity-provider.json') },
      );
      expect(JSON.parse(calls.flat().join(''))).toEqual(request);
    },
  );
});

describe('grant', () => {
  test('the module loads and exports the config object', async () => {
    const config = gen('grant');
    const loaded = (await importModule(file(config, 'grant.config.mjs'))).default as Record<
      string,
      Record<string, unknown>
    >;
    expect(loaded).toEqual(config.json);
    expect(loaded.cognito).toMatchObject({
      key: confidential.clientId,
      secret: CLIENT_SECRET,
      authorize_url: endpoints.authorize,
      access_url: endpoints.token,
      profile_url: endpoints.userInfo,
    });
    expect(loaded.defaults).toMatchObject({
      origin: 'https://app.acme.example',
      state: true,
      nonce: true,
      pkce: true,
      transport: 'session',
    });
  });

  test('env mode reads process.env when the module loads', async () => {
    const loaded = (
      await importModule(file(gen('grant', { secrets: 'env' }), 'grant.config.mjs'), {
        COGNITO_CLIENT_SECRET: 'from-the-environment',
      })
    ).default as Record<string, Record<string, unknown>>;
    expect(loaded.cognito?.secret).toBe('from-the-environment');
  });
});

describe('Cognito app client', () => {
  test('CloudFormation: a UserPoolClient resource with the target URLs; YAML 1.1 keeps the version a string', () => {
    const config = gen('cloudformation');
    const template = yaml(file(config, 'user-pool-client.cfn.yaml'));
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(template.Resources.GrafanaUserPoolClient).toEqual({
      Type: 'AWS::Cognito::UserPoolClient',
      Properties: {
        UserPoolId: confidential.userPoolId,
        ClientName: 'grafana',
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: ['https://grafana.acme.example/login/generic_oauth'],
        LogoutURLs: ['https://grafana.acme.example/login'],
        SupportedIdentityProviders: ['COGNITO'],
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
      },
    });
    expect(template.Outputs.ClientId.Value).toEqual({ Ref: 'GrafanaUserPoolClient' });
  });

  test('Terraform: HCL parsed by hcl2json', async () => {
    const config = gen('terraform');
    const hcl = (await parseHcl('user-pool-client.tf', file(config, 'user-pool-client.tf'))) as {
      resource: { aws_cognito_user_pool_client: Record<string, Array<Record<string, unknown>>> };
      output: Record<string, Array<Record<string, unknown>>>;
    };
    expect(hcl.resource.aws_cognito_user_pool_client.argocd?.[0]).toEqual({
      name: 'argocd',
      user_pool_id: confidential.userPoolId,
      generate_secret: true,
      allowed_oauth_flows_user_pool_client: true,
      allowed_oauth_flows: ['code'],
      allowed_oauth_scopes: ['openid', 'email', 'profile'],
      callback_urls: ['https://argocd.acme.example/auth/callback'],
      logout_urls: ['https://argocd.acme.example'],
      supported_identity_providers: ['COGNITO'],
      explicit_auth_flows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      prevent_user_existence_errors: 'ENABLED',
      enable_token_revocation: true,
    });
    expect(hcl.output.argocd_client_secret?.[0]).toEqual({
      value: '${aws_cognito_user_pool_client.argocd.client_secret}',
      sensitive: true,
    });
  });
});
