// YAML through the yaml library: no hand-built YAML, so quoting is always the library's.
// Written with YAML 1.1 quoting: Ruby's Psych (GitLab), go-yaml v2 (Kubernetes) and CloudFormation read 1.1, where an
// unquoted yes, on or 2010-09-09 is not a string.
import { Document } from 'yaml';
import { resolveSecrets } from '../secrets.js';

/** YAML for plain data; secrets become their text (`${VAR}` for envsubst in env mode). A comment goes on top when given. */
export function toYaml(value: unknown, comment?: string): string {
  const doc = new Document(resolveSecrets(value), { version: '1.1' });
  if (comment) doc.commentBefore = ` ${comment}`;
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}
