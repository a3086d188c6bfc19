// /__emulator/*: the admin API over HTTP, for tests and tools that do not share the emulator's process.
import type { Context, Hono } from 'hono';
import { AdminError, type EmulatorAdmin, type NewClient, type UserPatch } from '../admin.js';
import type { EmulatorFaults, FaultSettings } from '../faults.js';
import { SeedError, type SeedGroup, type SeedIdentityProviderInput, type SeedUserInput } from '../seed.js';

async function run(c: Context, action: (body: unknown) => unknown, status: 200 | 201 = 200): Promise<Response> {
  let body: unknown = {};
  if (c.req.method !== 'GET' && c.req.method !== 'DELETE') {
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'invalid_json', message: 'the body must be JSON' }, 400);
    }
  }
  try {
    const result = await action(body);
    return result === undefined ? c.body(null, 204) : c.json(result as object, status);
  } catch (cause) {
    if (cause instanceof SeedError)
      return c.json({ error: 'invalid_input', message: cause.message, issues: cause.issues }, 400);
    if (cause instanceof AdminError) return c.json({ error: cause.code, message: cause.message }, cause.status);
    throw cause;
  }
}

const field = (body: unknown, name: string): unknown => (body as Record<string, unknown> | null)?.[name];

// A loopback Host only (a DNS-rebound name is refused), as `localhost`, 127.x.y.z or [::1], with an optional port.
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

export function adminRoutes(app: Hono, admin: EmulatorAdmin, faults: EmulatorFaults): void {
  const base = '/__emulator';
  // A web page can reach this API only through DNS rebinding (a foreign Host) or a CORS-free "simple" request
  // (text/plain or form bodies): refuse both, so a page cannot read users or register a client.
  app.use(`${base}/*`, async (c, next) => {
    if (!LOOPBACK_HOST.test(c.req.header('host') ?? '')) {
      return c.json({ error: 'forbidden_host', message: 'the admin API answers loopback Hosts only' }, 403);
    }
    const type = c.req.header('content-type') ?? '';
    if (c.req.method !== 'GET' && c.req.method !== 'DELETE' && !/^application\/json\s*(?:;|$)/i.test(type)) {
      return c.json({ error: 'unsupported_media_type', message: 'send the body as application/json' }, 415);
    }
    return next();
  });
  app.get(`${base}/users`, (c) => run(c, () => admin.listUsers()));
  app.post(`${base}/users`, (c) => run(c, (body) => admin.addUser(body as SeedUserInput), 201));
  app.get(`${base}/users/:username`, (c) =>
    run(c, () => {
      const user = admin.getUser(c.req.param('username'));
      if (!user) throw new AdminError('NOT_FOUND', `no user "${c.req.param('username')}"`);
      return user;
    }),
  );
  app.patch(`${base}/users/:username`, (c) =>
    run(c, (body) => admin.updateUser(c.req.param('username'), body as UserPatch)),
  );
  app.get(`${base}/users/:username/codes`, (c) => run(c, () => admin.confirmationCodes(c.req.param('username'))));
  app.delete(`${base}/users/:username`, (c) => run(c, () => admin.deleteUser(c.req.param('username'))));
  app.post(`${base}/groups`, (c) => run(c, (body) => admin.addGroup(body as SeedGroup)));
  app.post(`${base}/groups/:group/users`, (c) =>
    run(c, (body) => admin.addUserToGroup(String(field(body, 'username')), c.req.param('group'))),
  );
  app.delete(`${base}/groups/:group/users/:username`, (c) =>
    run(c, () => admin.removeUserFromGroup(c.req.param('username'), c.req.param('group'))),
  );
  app.post(`${base}/clients`, (c) => run(c, (body) => admin.addClient(body as NewClient), 201));
  app.post(`${base}/identity-providers`, (c) =>
    run(c, (body) => admin.addIdentityProvider(body as SeedIdentityProviderInput)),
  );
  app.post(`${base}/clock`, (c) => run(c, (body) => admin.advanceClock(field(body, 'advanceSeconds') as number)));
  app.get(`${base}/faults`, (c) => run(c, () => faults.get()));
  app.post(`${base}/faults`, (c) =>
    run(c, (body) => {
      faults.set(body as FaultSettings);
      return faults.get();
    }),
  );
  app.post(`${base}/faults/rotate-keys`, (c) => run(c, () => faults.rotateKeys()));
}
