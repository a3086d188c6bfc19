// Settings and options the oauth-config tests share: one pool, a confidential, a public and a federated client.
import { defineCognito } from '@cognito-connect/core';
import type { TargetName } from '@cognito-connect/oauth-config';

/** Distinctive, so a test can prove it appears nowhere it should not. */
export const CLIENT_SECRET = 'q8s1n2k9v7c3x4z5m6b0p1o2i3u4y5t6r7e8w9q0a1s2d3f4g5h';
export const IDP_SECRET = 'idp-Zr4nd0m-S3cr3t-0f-th3-IdP-9f8e7d6c';

const pool = { userPoolId: 'eu-west-1_AbC123xyZ', domain: 'acme-sso' };

export const confidential = defineCognito({
  ...pool,
  clientId: '4pq0g9l1ue2hsv3kd9m6ncb7a1',
  clientSecret: CLIENT_SECRET,
});
export const publicClient = defineCognito({ ...pool, clientId: '7h2k4m6n8p0r2t4v6x8z0b2d4f' });
export const federated = defineCognito({
  ...pool,
  clientId: '4pq0g9l1ue2hsv3kd9m6ncb7a1',
  clientSecret: CLIENT_SECRET,
  identityProvider: 'BeyondIdentity',
});

/** The options each target needs (its platform's address and, for federation, the IdP). */
export const targetOptions: Record<TargetName, Record<string, unknown>> = {
  gitlab: { gitlabUrl: 'https://gitlab.acme.example' },
  appsmith: { appsmithUrl: 'https://apps.acme.example' },
  federation: {
    providerName: 'BeyondIdentity',
    issuerUrl: 'https://auth.passwordless.example/v1/tenants/acme',
    idpClientId: 'cognito-acme',
    idpClientSecret: IDP_SECRET,
  },
  grant: { appUrl: 'https://app.acme.example' },
  grafana: {
    grafanaUrl: 'https://grafana.acme.example',
    roleGroups: { Admin: ['admins'], Editor: ['editors', 'sre'] },
  },
  outline: { outlineUrl: 'https://wiki.acme.example' },
  argocd: { argocdUrl: 'https://argocd.acme.example', readonlyGroups: ['developers'] },
  nginx: { site: 'https://docs.acme.example', groupLocations: { '/admin/': ['admins'] } },
  caddy: { site: 'https://docs.acme.example', groupLocations: { '/admin/': ['admins'] } },
  superset: {
    supersetUrl: 'https://superset.acme.example',
    roleGroups: { admins: ['Admin'], analysts: ['Alpha', 'sql_lab'] },
  },
  nextcloud: { nextcloudUrl: 'https://cloud.acme.example' },
  apache: { siteUrl: 'https://wiki.acme.example' },
  'aws-cli': { for: 'gitlab', targetOptions: { gitlabUrl: 'https://gitlab.acme.example' } },
  cloudformation: { for: 'grafana', targetOptions: { grafanaUrl: 'https://grafana.acme.example' } },
  terraform: { for: 'argocd', targetOptions: { argocdUrl: 'https://argocd.acme.example' } },
};
