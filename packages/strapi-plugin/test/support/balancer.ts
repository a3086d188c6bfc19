// A load balancer in front of several Strapi instances: one public URL (cookies, callbacks) and the test choosing, per request,
// which instance answers. It forwards the Host header, as a proxy in front of Strapi would.
import { type IncomingMessage, createServer, request } from 'node:http';

/** Which instance answers a request; a request may also name one with the `x-instance` header. */
export type Route = (req: IncomingMessage) => string;

export interface Balancer {
  /** The public URL (http://127.0.0.1:<port>). */
  url: string;
  /** The routing rule, changed by the test as it goes. */
  route: Route;
  /** Every request served: the instance name and the path. */
  served: { instance: string; path: string }[];
  stop(): Promise<void>;
}

/** Starts the balancer on `port` over `instances` (name → base URL); the default route sends everything to the first. */
export function startBalancer(port: number, instances: Record<string, string>): Promise<Balancer> {
  const names = Object.keys(instances);
  const balancer: Balancer = {
    url: `http://127.0.0.1:${port}`,
    route: () => names[0] as string,
    served: [],
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    const named = req.headers['x-instance'];
    const instance = typeof named === 'string' && named in instances ? named : balancer.route(req);
    balancer.served.push({ instance, path: (req.url ?? '/').split('?')[0] as string });
    const target = new URL(instances[instance] as string);
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`balancer: ${instance} did not answer (${error.message})`);
    });
    req.pipe(upstream);
  });
  // Longer than the clients' own keep-alive (undici: 4 s), so a reused connection is never one the balancer just closed.
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(balancer));
  });
}
