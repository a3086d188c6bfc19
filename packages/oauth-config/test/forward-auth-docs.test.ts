// docs/forward-auth.md shows the nginx and caddy targets' output verbatim: the snippets readers copy are the ones the generator writes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateConfig } from '@cognito-connect/oauth-config';
import { expect, test } from 'vitest';
import { confidential } from './support/fixtures.js';

const DOCS = fileURLToPath(new URL('../../../docs/forward-auth.md', import.meta.url));

/** The generated file for the `npx cognito-connect config <target> --set …` command line the docs show. */
function generatedFor(docs: string, target: 'nginx' | 'caddy'): string | undefined {
  const command = new RegExp(`npx cognito-connect config ${target} (.+?)\``).exec(docs)?.[1] ?? '';
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
  return generateConfig(target, confidential, sets).files[0]?.contents;
}

test('the nginx snippet in docs/forward-auth.md is what `config nginx` generates for its command line', () => {
  const docs = readFileSync(DOCS, 'utf8');
  const generated = generatedFor(docs, 'nginx');
  expect(/```nginx\n([\s\S]*?)```/.exec(docs)?.[1]).toBe(generated);
  // The cookie lines the nginx suite in visitor-auth proves: in every protected location, and in /_auth/ (which
  // error_page 401 and 403 answer from).
  expect(generated?.match(/auth_request_set \$auth_cookie \$upstream_http_set_cookie;/g)).toHaveLength(2);
  expect(generated?.match(/add_header Set-Cookie \$auth_cookie always;/g)).toHaveLength(3);
  expect(generated).toMatch(/location \/_auth\/ \{[^}]*add_header Set-Cookie \$auth_cookie always;\n {2}\}/);
});

test('the Caddyfile in docs/forward-auth.md is what `config caddy` generates for its command line', () => {
  const docs = readFileSync(DOCS, 'utf8');
  const generated = generatedFor(docs, 'caddy');
  expect(/```caddy\n([\s\S]*?)```/.exec(docs)?.[1]).toBe(generated);
  // What the Caddy suite in visitor-auth proves: an admitted check's Set-Cookie is copied to the browser.
  expect(generated?.match(/copy_response_headers \{\n {10}include Set-Cookie\n {8}\}/g)).toHaveLength(2);
  expect(generated).not.toContain('forward_auth 127.0.0.1');
});
