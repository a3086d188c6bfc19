// Writes a file with exactly the permissions asked for: writeFile's `mode` only applies to a file it creates, so a secret
// written over an existing world-readable file would stay world-readable.
import { chmod, writeFile } from 'node:fs/promises';

/**
 * Writes `contents` to `path` with permissions `mode`, also when the file exists: its permissions are changed first, so
 * the new contents are never readable under the old ones.
 *
 * @example
 * ```ts
 * await writeFileWithMode('cognito-connect.config.json', '{"clientSecret":"…"}\n', 0o600);
 * ```
 */
export async function writeFileWithMode(path: string, contents: string, mode: number): Promise<void> {
  try {
    await chmod(path, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await writeFile(path, contents, { mode });
}
