// Hosts seeded `standIn` identity providers inside the emulator's own server, so a seed alone can demonstrate federation.
import type { Hono } from 'hono';
import type { Urls } from './context.js';
import { randomToken } from './random.js';
import type { SeedIdentityProvider } from './seed.js';
import { createStandInApp } from './standin-idp.js';
import type { IdentityProvider } from './user-pool.js';

const BASE = '/__standin';

export class StandInHost {
  private readonly apps = new Map<string, Hono>();

  constructor(private readonly urls: Urls) {}

  /**
   * Makes a seeded provider usable: a real provider is kept as is; a stand-in gets its own routes under
   * `<domain>/__standin/<name>`, a client id and a fresh secret. The returned function gives the provider
   * once the domain is known (stand-ins take their issuer from it).
   */
  async prepare(idp: SeedIdentityProvider): Promise<() => IdentityProvider> {
    if (!idp.standIn) return () => idp as IdentityProvider;
    const basePath = `${BASE}/${idp.name}`;
    const issuer = () => `${this.urls.domain}${basePath}`;
    const clientId = idp.clientId ?? `standin-${idp.name}`;
    const clientSecret = idp.clientSecret ?? randomToken(24);
    const app = await createStandInApp({
      users: idp.standIn.users,
      clientId,
      clientSecret,
      redirectAllowed: (uri) => uri === `${this.urls.domain}/oauth2/idpresponse`,
      basePath,
      issuer,
    });
    this.apps.set(idp.name, app);
    return () => ({ ...idp, issuer: issuer(), clientId, clientSecret });
  }

  /** One catch-all route: stand-ins can be added after the router is built. */
  mount(app: Hono): void {
    app.all(`${BASE}/:name/*`, (c) => {
      const standIn = this.apps.get(c.req.param('name'));
      return standIn ? standIn.fetch(c.req.raw) : c.notFound();
    });
  }
}
