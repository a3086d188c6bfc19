// Runs a platform's own OAuth client (a Ruby or Python script) through a login: the script prints the authorize URL as
// a JSON line, the test signs in and writes the callback URL to its stdin, and the script prints JSON lines after it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Resolves the JSON lines the script printed after the callback (`count` of them). */
export async function driveLogin(
  command: string,
  args: string[],
  env: Record<string, string>,
  signIn: (authorize: string) => Promise<string>,
  count = 1,
): Promise<unknown[]> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`${command} ended early: ${stderr}`);
    return JSON.parse(line.value);
  };
  try {
    const { authorize } = (await next()) as { authorize: string };
    child.stdin.end(`${await signIn(authorize)}\n`);
    const results: unknown[] = [];
    for (let i = 0; i < count; i++) results.push(await next());
    return results;
  } finally {
    child.kill();
  }
}
