// The built GitBook bundle, driven through @gitbook/runtime's fetch entry exactly as GitBook's dispatcher does (form-encoded events),
// with one local server standing in for GitBook: the published site, the integration endpoint's dispatcher, and the API.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Emulator, SeedClient } from '@cognito-connect/emulator';
import { verifyVisitorToken } from '@cognito-connect/visitor-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../support/agent.js';
import { READER, startPool } from '../support/stack.js';

interface Integration {
  fetch(request: Request, env: unknown, ctx: { waitUntil(promise: Promise<unknown>): void }): Promise<Response>;
}

const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));
const SITE_SECRET = 'gitbook-site-installation-signing-secret-0123';
const INSTALLATION = 'inst_1';
const SITE_ID = 'site_1';

let outDir: string;
let bundle: string;
let integration: Integration;
let emulator: Emulator;
let client: SeedClient;
let gitbook: Server;
let port: number;
let configuration: Record<string, string>;
const apiCalls: string[] = [];
const saved: Array<{ configuration: Record<string, string> }> = [];

/** The published site lives on one host, the integration endpoint on another (as on GitBook): cookies never mix. */
const siteUrl = () => `http://localhost:${port}/docs`;
const publicEndpoint = () =>
  `http://127.0.0.1:${port}/v1/integrations/cognito-connect/installations/${INSTALLATION}/sites/${SITE_ID}`;

function environment() {
  return {
    integration: { name: 'cognito-connect-visitor-auth', version: 1 },
    installation: { id: INSTALLATION, target: { organization: 'org_1' } },
    siteInstallation: {
      integration: 'cognito-connect-visitor-auth',
      installation: INSTALLATION,
      site: SITE_ID,
      status: 'active',
      configuration,
      externalIds: [],
      urls: {
        location: `${publicEndpoint()}/location`,
        publicEndpoint: publicEndpoint(),
        publicContentEndpoint: publicEndpoint(),
      },
    },
    secrets: {},
    signingSecrets: { integration: 'integration-signing-secret', siteInstallation: SITE_SECRET },
    apiEndpoint: `http://127.0.0.1:${port}/api`,
    apiTokens: { integration: 'integration-token', installation: 'installation-token' },
  };
}

/** What GitBook's dispatcher sends the worker: a POST to /v1 with the event and environment as form fields. */
function dispatch(event: Record<string, unknown>): Promise<Response> {
  const form = new FormData();
  form.set(
    'event',
    JSON.stringify({
      eventId: `evt_${Math.random().toString(36).slice(2)}`,
      installationId: INSTALLATION,
      siteId: SITE_ID,
      ...event,
    }),
  );
  form.set('environment', JSON.stringify(environment()));
  return integration.fetch(
    new Request('http://dispatcher.internal/v1', { method: 'POST', body: form }),
    {},
    { waitUntil: () => undefined },
  );
}

async function relay(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function standInForGitBook(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const host = req.headers.host ?? '';
  const url = new URL(req.url ?? '/', `http://${host}`);
  if (url.pathname.startsWith('/api/v1/')) {
    apiCalls.push(`${req.headers.authorization} ${req.method} ${url.pathname}`);
    if (
      req.method === 'PATCH' &&
      url.pathname ===
        `/api/v1/integrations/cognito-connect-visitor-auth/installations/${INSTALLATION}/sites/${SITE_ID}`
    ) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      saved.push(JSON.parse(Buffer.concat(chunks).toString()) as { configuration: Record<string, string> });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
      return;
    }
    if (url.pathname === `/api/v1/orgs/org_1/sites/${SITE_ID}`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'site', id: SITE_ID, urls: { published: siteUrl() } }));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 404, message: 'Not found' } }));
    }
    return;
  }
  if (host.startsWith('localhost') && url.pathname === '/docs/~gitbook/auth/login') {
    return relay(
      await dispatch({ type: 'fetch_visitor_authentication', location: url.searchParams.get('location') ?? undefined }),
      res,
    );
  }
  if (host.startsWith('localhost') && url.pathname === '/docs/~gitbook/auth/logout') {
    return relay(await dispatch({ type: 'fetch_visitor_authentication', action: 'logout' }), res);
  }
  if (host.startsWith('127.0.0.1') && url.pathname.startsWith(new URL(publicEndpoint()).pathname)) {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[key] = value;
    return relay(await dispatch({ type: 'fetch', request: { method: 'get', url: url.href, headers } }), res);
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(`<h1>Published page ${url.pathname}</h1>`);
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'gitbook-bundle-'));
  bundle = join(outDir, 'index.js');
  execFileSync(process.execPath, [join(PACKAGE, 'scripts/build-gitbook.mjs'), bundle], { cwd: PACKAGE, stdio: 'pipe' });
  integration = (await import(pathToFileURL(bundle).href)).default as Integration;
  emulator = await startPool();
  gitbook = createServer((req, res) => {
    standInForGitBook(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => gitbook.listen(0, resolve));
  port = (gitbook.address() as AddressInfo).port;
  client = emulator.admin.addClient({
    name: 'GitBook visitor auth',
    generateSecret: true,
    callbackUrls: [`${publicEndpoint()}/visitor-auth/response`],
    logoutUrls: [siteUrl()],
  });
  configuration = {
    user_pool_id: emulator.userPoolId,
    client_id: client.clientId,
    client_secret: client.clientSecret as string,
    cognito_domain: emulator.url,
    issuer: emulator.issuer,
    claims: 'email, cognito:groups=groups, custom:*',
  };
});

afterAll(async () => {
  await new Promise((resolve) => gitbook?.close(resolve));
  await emulator?.stop();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('GitBook bundle', () => {
  it('is one Workers-style module without node: imports, within the 64 KB gzipped budget', () => {
    const code = readFileSync(bundle);
    // Core looks node:crypto up at run time where it exists (process.getBuiltinModule); an import would break the worker.
    expect(code.toString()).not.toMatch(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)["']node:/);
    expect(gzipSync(code).length).toBeLessThanOrEqual(64 * 1024);
  });

  it('sends a visitor to Cognito and back to <site><path>?jwt_token= with exactly the allowed claims', async () => {
    const agent = new Agent();
    const form = await agent.navigate(
      `${siteUrl()}/~gitbook/auth/login?location=${encodeURIComponent('/guide/setup?tab=cli')}`,
    );
    const [toLogin, toCognito] = form.hops;
    expect(toLogin?.location).toBe(`${publicEndpoint()}/visitor-auth/login?location=%2Fguide%2Fsetup%3Ftab%3Dcli`);
    const authorize = new URL(toCognito?.location as string);
    expect(authorize.origin + authorize.pathname).toBe(`${emulator.url}/oauth2/authorize`);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${publicEndpoint()}/visitor-auth/response`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('state')).not.toContain('guide');
    // The transaction cookie lives on the integration endpoint, scoped to its visitor-auth routes.
    expect(toCognito?.setCookies[0]).toMatch(
      new RegExp(`^cc-visitor-tx=.*Path=${new URL(publicEndpoint()).pathname}/visitor-auth/`),
    );

    const landed = await agent.signIn(form, READER.username, READER.password);
    const destination = new URL(landed.url);
    expect(`${destination.origin}${destination.pathname}`).toBe(`${siteUrl()}/guide/setup`);
    expect(destination.searchParams.get('tab')).toBe('cli');
    const token = destination.searchParams.get('jwt_token') as string;
    const claims = await verifyVisitorToken(token, SITE_SECRET);
    expect(Object.keys(claims).sort()).toEqual(['custom:plan', 'email', 'exp', 'groups', 'iat']);
    expect(claims).toMatchObject({ email: READER.email, groups: ['readers'], 'custom:plan': 'pro' });
    expect(claims.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3600);
    await expect(verifyVisitorToken(token, 'another-site-signing-secret-000')).rejects.toThrow(
      /not signed with this site's secret/,
    );
    expect(apiCalls.every((call) => call.startsWith('Bearer installation-token GET '))).toBe(true);
  });

  it.each(['//evil.example', 'https://evil.example/x', '/\\evil.example'])(
    'sends location %j to the site root',
    async (location) => {
      const agent = new Agent();
      const form = await agent.navigate(`${siteUrl()}/~gitbook/auth/login?location=${encodeURIComponent(location)}`);
      const landed = await agent.signIn(form, READER.username, READER.password);
      const destination = new URL(landed.url);
      expect(`${destination.origin}${destination.pathname}`).toBe(siteUrl());
      expect(destination.searchParams.get('jwt_token')).toBeTruthy();
    },
  );

  it("logs out through Cognito's /logout and back to the site", async () => {
    const agent = new Agent();
    const result = await agent.navigate(`${siteUrl()}/~gitbook/auth/logout`);
    const logout = new URL(result.hops[0]?.location as string);
    expect(logout.origin + logout.pathname).toBe(`${emulator.url}/logout`);
    expect(logout.searchParams.get('client_id')).toBe(client.clientId);
    expect(logout.searchParams.get('logout_uri')).toBe(siteUrl());
    expect(result.url).toBe(siteUrl());
  });

  it('renders the configuration screen with the callback URL and without the saved secret', async () => {
    const response = await dispatch({
      type: 'ui_render',
      componentId: 'config',
      props: { installation: { configuration: {} }, siteInstallation: { configuration } },
      context: { type: 'configuration_site', siteId: SITE_ID, theme: 'light' },
    });
    expect(response.status).toBe(200);
    const output = (await response.json()) as { state: Record<string, string>; element: unknown };
    const element = JSON.stringify(output.element);
    expect(element).toContain(`${publicEndpoint()}/visitor-auth/response`);
    for (const label of ['User pool ID', 'Client ID', 'Client secret', 'Cognito domain', 'Logout URL'])
      expect(element).toContain(label);
    // The form's state and elements never carry the saved secret back (the runtime echoes GitBook's own props as given).
    expect(output.state.client_secret).toBe('');
    expect(`${element}${JSON.stringify(output.state)}`).not.toContain(configuration.client_secret);
  });

  function saveConfig(state: Record<string, string>): Promise<Response> {
    return dispatch({
      type: 'ui_render',
      componentId: 'config',
      props: { installation: { configuration: {} }, siteInstallation: { configuration } },
      context: { type: 'configuration_site', siteId: SITE_ID, theme: 'light' },
      state: {
        user_pool_id: '',
        client_id: '',
        client_secret: '',
        cognito_domain: '',
        logout_url: '',
        claims: '',
        required_groups: '',
        ...state,
      },
      action: { action: 'save.config' },
    });
  }

  it('saves a checked configuration, keeping the stored secret when the field is left empty', async () => {
    const response = await saveConfig({
      user_pool_id: ' eu-west-1_AbC123xyZ ',
      client_id: 'client123',
      cognito_domain: 'acme',
      claims: 'email',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 'complete' });
    expect(saved.at(-1)?.configuration).toMatchObject({
      user_pool_id: 'eu-west-1_AbC123xyZ',
      client_id: 'client123',
      client_secret: configuration.client_secret,
      cognito_domain: 'acme',
      claims: 'email',
    });
  });

  it.each([
    [
      {
        user_pool_id: 'eu-west-1_AbC123xyZ',
        client_id: 'client123',
        cognito_domain: 'acme.auth.us-east-1.amazoncognito.com',
      },
      'domain: is in us-east-1',
    ],
    [
      { user_pool_id: 'eu-west-1_AbC123xyZ', client_id: 'client123', cognito_domain: 'http://auth.example.com' },
      'plain http is only allowed',
    ],
    [
      { user_pool_id: 'eu-west-1_AbC123xyZ', client_id: 'client123', cognito_domain: 'acme', claims: 'exp' },
      'token bookkeeping',
    ],
  ])('refuses to save %j, saying why', async (state, message) => {
    const before = saved.length;
    const response = await saveConfig(state);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(saved.length).toBe(before);
  });

  it('tells the site admin which setting is missing', async () => {
    const saved = configuration;
    configuration = { ...saved, client_id: '' };
    try {
      const response = await dispatch({ type: 'fetch_visitor_authentication', location: '/' });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('Client ID is missing');
    } finally {
      configuration = saved;
    }
  });
});
