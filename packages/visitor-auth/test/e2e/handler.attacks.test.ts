// The visitor-auth handler served over real HTTP against the emulator: log injection, logout CSRF (issue 10, defects 3 and 4)
// and an email Cognito never verified reaching the site's visitor token.
import { type ServerType, serve } from '@hono/node-server';
import type { Emulator, SeedClient } from '@cognito-connect/emulator';
import { createVisitorAuth, verifyVisitorToken } from '@cognito-connect/visitor-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../support/agent.js';
import { READER, reserveSite, startPool } from '../support/stack.js';

let emulator: Emulator;
let client: SeedClient;
let server: ServerType;
let site: string;
const log: string[] = [];
// What a cross-site page makes the browser send: a top-level navigation, or a form POST from another site.
const CROSS_SITE_NAVIGATION = {
  'sec-fetch-site': 'cross-site',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
};
const CROSS_SITE_POST = { ...CROSS_SITE_NAVIGATION, origin: 'http://attacker.localhost:8666' };
const SIGNING_SECRET = 'handler-attacks-signing-secret-0123';
// A pool user who changed their email to someone else's (UpdateUserAttributes): Cognito keeps the new, unverified email in
// the user's tokens, with email_verified false, until a code sent to that address is confirmed.
const IMPOSTOR = { username: 'impostor', password: 'Impostor-passw0rd!', email: 'ceo@example.com' };

beforeAll(async () => {
  emulator = await startPool();
  const at = await reserveSite();
  site = at.site;
  client = emulator.admin.addClient({
    name: 'visitor-auth handler',
    generateSecret: true,
    callbackUrls: [`${site}/auth/callback`],
    logoutUrls: [`${site}/`],
  });
  emulator.admin.addUser({
    username: IMPOSTOR.username,
    password: IMPOSTOR.password,
    attributes: { email: IMPOSTOR.email, email_verified: 'false' },
  });
  const auth = createVisitorAuth({
    cognito: {
      ...emulator.settingsFor(client.clientId),
      redirectUri: `${site}/auth/callback`,
      transactionSecret: 'handler-attacks-transaction-secret-0123456789',
    },
    site: { url: site, signingSecret: SIGNING_SECRET },
    // The operator's log: whatever the handler writes lands here, one entry per write.
    log: (line) => log.push(line),
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: auth.fetch, hostname: '127.0.0.1', port: at.port }, () => resolve());
  });
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await emulator?.stop();
});

/** Signs the reader in through the hosted UI; the agent then holds the emulator's (Cognito's) session cookie. */
async function signedIn(): Promise<Agent> {
  const agent = new Agent();
  const form = await agent.navigate(`${site}/auth/login?location=%2F`);
  const back = await agent.signIn(form, READER.username, READER.password);
  expect(back.url.startsWith(`${site}/?jwt_token=`)).toBe(true);
  return agent;
}

/** True when Cognito still has a session for the agent: a new login comes straight back without the password form. */
async function cognitoSessionAlive(agent: Agent): Promise<boolean> {
  const again = await agent.navigate(`${site}/auth/login?location=%2F`);
  return again.url.startsWith(`${site}/?jwt_token=`) && !again.body.includes('name="password"');
}

describe('log injection (defect 3)', () => {
  it('writes a callback error that quotes request input as one line without control characters or ANSI escapes', async () => {
    const agent = new Agent();
    const login = await agent.request(`${site}/auth/login`);
    const state = new URL(login.headers.get('location') as string).searchParams.get('state') as string;
    const forged = 'x\n[2026-11-29 22:00:00.000] info: admin login OK\u001b[31m\r\u001b[2K';
    log.length = 0;
    const response = await agent.request(
      `${site}/auth/callback?state=${encodeURIComponent(state)}&error=${encodeURIComponent(forged)}`,
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('FLOW_AUTHORIZATION_ERROR');
    expect(page).not.toContain('admin login OK');
    expect(log).toHaveLength(1);
    // eslint-disable-next-line no-control-regex -- the attack is control characters
    expect(log[0]).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(
      log
        .join('\n')
        .split('\n')
        .some((line) => line.startsWith('[2026-11-29')),
    ).toBe(false);
  });
});

describe('logout CSRF (defect 4)', () => {
  it('does not end the session on a cross-site navigation to the logout route', async () => {
    const agent = await signedIn();
    const visit = await agent.navigate(`${site}/auth/logout`, { headers: CROSS_SITE_NAVIGATION });
    expect(visit.hops.some((hop) => hop.location?.startsWith(`${emulator.url}/logout`))).toBe(false);
    expect(visit.response.status).toBe(200);
    expect(visit.body).toContain('<form method="post" action="/auth/logout">');
    expect(await cognitoSessionAlive(agent)).toBe(true);
  });

  it('refuses a cross-site form POST to the logout route', async () => {
    const agent = await signedIn();
    const post = await agent.navigate(`${site}/auth/logout`, { method: 'POST', headers: CROSS_SITE_POST });
    expect(post.hops.some((hop) => hop.location?.startsWith(`${emulator.url}/logout`))).toBe(false);
    expect(post.response.status).toBe(403);
    expect(await cognitoSessionAlive(agent)).toBe(true);
  });

  it("ends both sessions on the confirmation page's same-origin POST", async () => {
    const agent = await signedIn();
    const out = await agent.navigate(`${site}/auth/logout`, {
      method: 'POST',
      headers: { origin: site, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' },
    });
    expect(out.hops[0]?.location?.startsWith(`${emulator.url}/logout?`)).toBe(true);
    expect(await cognitoSessionAlive(agent)).toBe(false);
  });
});

describe('an unverified email (adaptive content keyed on the email)', () => {
  /** The visitor token the site receives after `user` signs in through the hosted UI. */
  async function visitorToken(user: { username: string; password: string }): Promise<Record<string, unknown>> {
    const agent = new Agent();
    const form = await agent.navigate(`${site}/auth/login?location=%2F`);
    const back = await agent.signIn(form, user.username, user.password);
    const token = new URL(back.url).searchParams.get('jwt_token');
    expect(token).toBeTruthy();
    return verifyVisitorToken(token as string, SIGNING_SECRET);
  }

  it("never hands the site an email Cognito has not verified: a user cannot claim someone else's address", async () => {
    const claims = await visitorToken(IMPOSTOR);
    expect(claims.sub).toBe(emulator.admin.getUser(IMPOSTOR.username)?.sub);
    expect(claims).not.toHaveProperty('email');
    expect(JSON.stringify(claims)).not.toContain(IMPOSTOR.email);
  });

  it('hands the site a verified email', async () => {
    const claims = await visitorToken(READER);
    expect(claims.email).toBe(READER.email);
  });
});
