// Grafana's role path: quoting of the colon claim, role order, and the no-groups fallback, evaluated by jmespath.
import jmespath from 'jmespath';
import { expect, test } from 'vitest';
import { roleAttributePath } from './grafana.js';

test('role_attribute_path quotes the claim, checks roles in order and falls back', () => {
  const path = roleAttributePath({ Editor: ['eds'], GrafanaAdmin: ['root'], Admin: ['admins', 'ops'] }, 'Viewer');
  expect(path).toBe(
    `contains(to_array("cognito:groups"), 'root') && 'GrafanaAdmin' || (contains(to_array("cognito:groups"), 'admins') || contains(to_array("cognito:groups"), 'ops')) && 'Admin' || contains(to_array("cognito:groups"), 'eds') && 'Editor' || 'Viewer'`,
  );
  const role = (groups?: string[]) => jmespath.search(groups ? { 'cognito:groups': groups } : {}, path);
  expect([role(['root', 'eds']), role(['ops']), role(['eds']), role([]), role()]).toEqual([
    'GrafanaAdmin',
    'Admin',
    'Editor',
    'Viewer',
    'Viewer',
  ]);
});

test('without a fallback role the path yields an empty role', () => {
  expect(jmespath.search({}, roleAttributePath({ Admin: ['admins'] }, 'None'))).toBe('');
});
