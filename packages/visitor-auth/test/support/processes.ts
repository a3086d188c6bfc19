// Starts test/support/gateway-process.mjs: gateways in processes of their own (several instances, node:cluster workers).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GatewayOptions } from '@cognito-connect/visitor-auth';

const SCRIPT = fileURLToPath(new URL('./gateway-process.mjs', import.meta.url));

export interface GatewayProcess {
  /** The primary's pid (with workers, each answer's X-Served-By names a worker instead). */
  readonly pid: number;
  /** Everything the process wrote to stderr so far (login failures are logged there). */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts a gateway process listening on 127.0.0.1:`port`; JSON-safe options only (no replayGuard object: `replayStore`). */
export async function startGatewayProcess(
  options: Omit<GatewayOptions, 'replayGuard' | 'port'> & { port: number; workers?: number; replayStore?: string },
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [SCRIPT], {
    env: { ...process.env, CC_GATEWAY_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('"ready"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the gateway process exited (${code}) while starting: ${stderr}`)));
  });
  return {
    pid: child.pid as number,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
