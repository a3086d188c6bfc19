// Serves a Hono app on node:http and closes it promptly: tests start and stop many servers.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningServer {
  /** `http://<host>:<port>` with the port actually bound. */
  readonly url: string;
  close(): Promise<void>;
}

/** Wildcard binds are reached through loopback; everything else is used as given. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts listening (port 0 picks a free one). `onUrl` runs before the first request can be served,
 * so apps that put their own URL into responses know it in time.
 */
export async function listen(
  app: Hono,
  options: { port?: number; host?: string },
  onUrl: (url: string) => void = () => {},
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  // overrideGlobalObjects: false keeps the host process's own fetch Request/Response untouched.
  const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(host)}:${port}`;
  onUrl(url);
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive and hung (fault) connections would hold close() open; end them now.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closing;
    },
  };
}
