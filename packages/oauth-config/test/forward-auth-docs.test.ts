// docs/forward-auth.md shows the nginx target's output verbatim: the snippet readers copy is the one the generator writes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateConfig } from '@cognito-connect/oauth-config';
import { expect, test } from 'vitest';
import { confidential } from './support/fixtures.js';

const DOCS = fileURLToPath(new URL('../../../docs/forward-auth.md', import.meta.url));

test('the nginx snippet in docs/forward-auth.md is what `config nginx` generates for its command line', () => {
  const docs = readFileSync(DOCS, 'utf8');
  const command = /npx cognito-connect config nginx (.+?)`/.exec(docs)?.[1] ?? '';
  const sets = Object.fromEntries(
    [...command.matchAll(/--set '?(\w+)=(.+?)'?(?= --|$)/g)].map(([, key, value]) => [
      key,
      (value as string).startsWith('{') ? JSON.parse(value as string) : value,
    ]),
  );
  expect(sets).toEqual({
    site: 'https://app.example.com',
    gateway: '127.0.0.1:4180',
    groupLocations: { '/admin/': ['admins'] },
  });
  const snippet = /```nginx\n([\s\S]*?)```/.exec(docs)?.[1];
  const generated = generateConfig('nginx', confidential, sets).files[0]?.contents;
  expect(snippet).toBe(generated);
  // The cookie lines the nginx suite in visitor-auth proves: in every protected location, and in /_auth/ (which
  // error_page 401 and 403 answer from).
  expect(generated?.match(/auth_request_set \$auth_cookie \$upstream_http_set_cookie;/g)).toHaveLength(2);
  expect(generated?.match(/add_header Set-Cookie \$auth_cookie always;/g)).toHaveLength(3);
  expect(generated).toMatch(/location \/_auth\/ \{[^}]*add_header Set-Cookie \$auth_cookie always;\n {2}\}/);
});
