// YAML through the yaml library: no hand-built YAML, so quoting is always the library's.
import { Document } from 'yaml';
import { resolveSecrets } from '../secrets.js';

/** YAML for plain data; secrets become their text (`${VAR}` for envsubst in env mode). A comment goes on top when given. */
export function toYaml(value: unknown, comment?: string): string {
  const doc = new Document(resolveSecrets(value));
  if (comment) doc.commentBefore = ` ${comment}`;
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}
