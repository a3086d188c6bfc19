// Argo CD's built-in OIDC (no Dex): argocd-cm's oidc.config, the secret it references, and RBAC on cognito:groups.
import { COGNITO_CLAIMS, CognitoConfigError, USERINFO_FIELDS } from '@cognito-connect/core';
import { z } from 'zod';
import { appClientSpec, cognitoLogoutUrl, registerNote } from '../app-client.js';
import { shellCommand } from '../formats/shell.js';
import { toYaml } from '../formats/yaml.js';
import { baseUrl, commonOptions, groupName } from '../options.js';
import { clientSecret } from '../secrets.js';
import { banner, defineTarget } from './define.js';

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SECRET_KEY = 'clientSecret';
/** The scope Argo CD asks for by default and Cognito does not know. */
const NO_SUCH_SCOPE = 'groups';

const options = z.strictObject({
  argocdUrl: baseUrl('Argo CD', 'https://argocd.example.com'),
  ...commonOptions,
  namespace: z
    .string()
    .regex(K8S_NAME, 'expected a Kubernetes namespace.')
    .default('argocd')
    .describe('The namespace Argo CD runs in.'),
  secretName: z
    .string()
    .regex(K8S_NAME, 'expected a Kubernetes secret name.')
    .default('argocd-cognito-oidc')
    .describe('The secret oidc.config reads the client secret from.'),
  adminGroups: z.array(groupName).default(['admins']).describe('Cognito groups that get role:admin.'),
  readonlyGroups: z.array(groupName).default([]).describe('Cognito groups that get role:readonly.'),
  defaultPolicy: z
    .enum(['', 'role:readonly'], { error: 'expected "" (no access) or "role:readonly".' })
    .default('')
    .describe('What signed-in users in no listed group may do.'),
});

export const argocd = defineTarget({
  name: 'argocd',
  title: 'Argo CD (OIDC)',
  summary: 'argocd-cm oidc.config, the client-secret Secret and argocd-rbac-cm on cognito:groups.',
  docs: 'docs/argocd.md',
  options,
  build(settings, o) {
    // Argo CD's default requestedScopes include "groups", which Cognito refuses (argo-cd#1471); groups come from the
    // ID token's cognito:groups instead, so the scopes are always written out and "groups" is never among them.
    if (settings.scopes.includes(NO_SUCH_SCOPE)) {
      throw new CognitoConfigError(
        'CONFIG_INVALID_SCOPES',
        'scopes',
        `Cognito has no "${NO_SUCH_SCOPE}" scope (it answers invalid_scope); remove it: Argo CD reads groups from the ID token's ${COGNITO_CLAIMS.groups} claim.`,
      );
    }
    const { endpoints } = settings;
    const callbackUrl = `${o.argocdUrl}/auth/callback`;
    const secret = clientSecret(settings, o, 'Argo CD', false);
    const partOf = { 'app.kubernetes.io/part-of': 'argocd' };
    const oidcConfig = {
      name: o.label,
      issuer: endpoints.issuer,
      clientID: settings.clientId,
      // Argo CD resolves "$<secret>:<key>" from a secret labelled part-of: argocd, so the value never sits in the ConfigMap.
      ...(secret ? { clientSecret: `$${o.secretName}:${SECRET_KEY}` } : { enablePKCEAuthentication: true }),
      requestedScopes: [...settings.scopes],
      logoutURL: cognitoLogoutUrl(settings, o.argocdUrl),
    };
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'argocd-cm',
        namespace: o.namespace,
        labels: { 'app.kubernetes.io/name': 'argocd-cm', ...partOf },
      },
      data: { url: o.argocdUrl, 'oidc.config': toYaml(oidcConfig) },
    };
    const policy = [
      ...o.adminGroups.map((g) => `g, ${g}, role:admin`),
      ...o.readonlyGroups.map((g) => `g, ${g}, role:readonly`),
    ];
    const rbac = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'argocd-rbac-cm',
        namespace: o.namespace,
        labels: { 'app.kubernetes.io/name': 'argocd-rbac-cm', ...partOf },
      },
      data: {
        'policy.default': o.defaultPolicy,
        'policy.csv': policy.length ? `${policy.join('\n')}\n` : '',
        // JSON is YAML: Argo CD reads this list, and quoting keeps the colon in cognito:groups unambiguous.
        scopes: JSON.stringify([COGNITO_CLAIMS.groups, USERINFO_FIELDS.email]),
      },
    };
    const secretFile = !secret
      ? []
      : secret.mode === 'env'
        ? [
            {
              path: 'argocd-cognito-secret.sh',
              format: 'shell' as const,
              contents: [
                `# ${banner('Argo CD (client secret from the environment)')}`,
                shellCommand([
                  ['kubectl', '-n', o.namespace, 'create', 'secret', 'generic', o.secretName],
                  [{ raw: `--from-literal=${SECRET_KEY}="$${secret.envVar}"` }],
                ]),
                shellCommand([
                  ['kubectl', '-n', o.namespace, 'label', 'secret', o.secretName, 'app.kubernetes.io/part-of=argocd'],
                ]),
                '',
              ].join('\n'),
              description: `Creates the secret ${o.secretName} from $${secret.envVar}.`,
            },
          ]
        : [
            {
              path: 'argocd-cognito-secret.yaml',
              format: 'yaml' as const,
              contents: toYaml(
                {
                  apiVersion: 'v1',
                  kind: 'Secret',
                  type: 'Opaque',
                  metadata: { name: o.secretName, namespace: o.namespace, labels: partOf },
                  stringData: { [SECRET_KEY]: secret },
                },
                banner('Argo CD (client secret)'),
              ),
              description: 'kubectl apply -f (keep this file out of Git).',
            },
          ];
    return {
      files: [
        {
          path: 'argocd-cm.yaml',
          format: 'yaml',
          contents: toYaml(configMap, banner('Argo CD (argocd-cm)')),
          description: 'kubectl apply -f, or merge its data into your argocd-cm.',
        },
        {
          path: 'argocd-rbac-cm.yaml',
          format: 'yaml',
          contents: toYaml(rbac, banner('Argo CD (argocd-rbac-cm)')),
          description: 'kubectl apply -f, or merge its data into your argocd-rbac-cm.',
        },
        ...secretFile,
      ],
      callbackUrls: [callbackUrl],
      logoutUrls: [o.argocdUrl],
      notes: [
        registerNote(settings, [callbackUrl], [o.argocdUrl]),
        secret
          ? `Create the secret first (${secretFile[0]?.path}), then apply argocd-cm.yaml and argocd-rbac-cm.yaml.`
          : 'Public client: Argo CD signs in with PKCE and no secret (enablePKCEAuthentication).',
        `RBAC reads the ID token's ${COGNITO_CLAIMS.groups} claim: ${policy.length ? policy.join('; ') : 'no group mappings'}; everyone else: ${o.defaultPolicy || 'no access'}.`,
        `Verify: open ${o.argocdUrl}, choose "Log in via ${o.label}", sign in; User Info shows your groups. CLI: argocd login ${new URL(o.argocdUrl).host} --sso.`,
      ],
      json: { 'argocd-cm': configMap.data, 'oidc.config': oidcConfig, 'argocd-rbac-cm': rbac.data },
      appClient: appClientSpec(settings, {
        clientName: 'argocd',
        callbackUrls: [callbackUrl],
        logoutUrls: [o.argocdUrl],
        generateSecret: secret !== undefined,
      }),
    };
  },
});
