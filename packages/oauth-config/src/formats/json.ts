// JSON files: the data as JSON.stringify writes it, secrets as their text.
import { resolveSecrets } from '../secrets.js';

export function toJson(value: unknown): string {
  return `${JSON.stringify(resolveSecrets(value), null, 2)}\n`;
}
