// YAML through the yaml library: no hand-built YAML, so quoting is always the library's.
// Written with YAML 1.1 quoting: Ruby's Psych (GitLab), go-yaml v2 (Kubernetes) and CloudFormation read 1.1, where an
// unquoted yes, on or 2010-09-09 is not a string.
import { Document } from 'yaml';
import { OAuthConfigError } from '../errors.js';
import { resolveSecrets } from '../secrets.js';

// Characters the library would write raw although YAML readers reject them (DEL, C1) or read them as line breaks (NEL, LS, PS).
const UNWRITABLE = /[\u007f-\u009f\u2028\u2029\ufeff]/;

function check(value: unknown, path: string): void {
  if (typeof value === 'string' && UNWRITABLE.test(value)) {
    throw new OAuthConfigError(
      'VALUE_NOT_REPRESENTABLE',
      path || 'value',
      'contains a control or line-separator character YAML readers reject.',
    );
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) check(child, path ? `${path}.${key}` : key);
  }
}

/** YAML for plain data; secrets become their text (`${VAR}` for envsubst in env mode). A comment goes on top when given. */
export function toYaml(value: unknown, comment?: string): string {
  const data = resolveSecrets(value);
  check(data, '');
  const doc = new Document(data, { version: '1.1' });
  if (comment) doc.commentBefore = ` ${comment}`;
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}
