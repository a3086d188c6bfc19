// Names derived from client names must be valid CloudFormation logical IDs and Terraform resource names.
import { expect, test } from 'vitest';
import { logicalId } from './cloudformation.js';
import { resourceName } from './terraform.js';

test('CloudFormation logical IDs and Terraform resource names from client names', () => {
  expect(logicalId('grafana')).toBe('GrafanaUserPoolClient');
  expect(logicalId('my app-2')).toBe('MyApp2UserPoolClient');
  expect(logicalId('2fa portal')).toBe('App2faPortalUserPoolClient');
  expect(resourceName('My App.v2')).toBe('my_app_v2');
  expect(resourceName('2fa')).toBe('app_2fa');
});
