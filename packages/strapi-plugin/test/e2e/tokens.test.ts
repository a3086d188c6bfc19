// Tokens against a real Strapi: Bearer access tokens on REST and GraphQL, forged tokens refused, requiredGroups enforced.
import { readFileSync } from 'node:fs';
import { type Emulator, startEmulator } from '@cognito-connect/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Visitor, errorCode } from '../support/browser.js';
import { ALICE, BOB, CAROL, SEED, type Stack, startStack } from '../support/stack.js';
import { type RawTokens, flipSignature, rawTokens, unsigned } from '../support/tokens.js';

const SPA = 'public_spa_client';
const OTHER_WEB = 'confidential_web_client';
const SEED_CALLBACK = 'http://127.0.0.1:4999/auth/callback';

let stack: Stack;
let otherPool: Emulator;
const tokens: Record<string, RawTokens> = {};

const api = (path: string, token: string | undefined, init: RequestInit = {}) =>
  fetch(`${stack.url}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json',
      ...init.headers,
    },
  });
const createArticle = (token: string) =>
  api('/api/articles', token, { method: 'POST', body: JSON.stringify({ data: { title: 'From an Amplify app' } }) });
const graphql = (token: string, query: string) =>
  api('/graphql', token, { method: 'POST', body: JSON.stringify({ query }) });

beforeAll(async () => {
  stack = await startStack({
    plugin: { groupRoles: { admins: 'editor' }, requiredGroups: ['admins', 'editors'], bearer: { clientIds: [SPA] } },
  });
  stack.emulator.admin.addUserToGroup('bob', 'editors');
  // The same pool ID on another emulator: other keys, other issuer.
  const seed = JSON.parse(readFileSync(SEED, 'utf8'));
  otherPool = await startEmulator({
    seed: { ...seed, userPool: { ...seed.userPool, id: 'us-east-1_0therP00l' } },
    port: 0,
  });
  const strapiCallback = `${stack.url}/api/cognito-connect/callback`;
  tokens.alice = await rawTokens(stack.emulator, stack.client.clientId, strapiCallback, ALICE);
  tokens.bob = await rawTokens(stack.emulator, SPA, SEED_CALLBACK, BOB);
  tokens.otherClient = await rawTokens(stack.emulator, OTHER_WEB, SEED_CALLBACK, ALICE);
  tokens.otherPool = await rawTokens(otherPool, OTHER_WEB, SEED_CALLBACK, ALICE);
  // Issued two hours ago by the emulator's clock: expired an hour ago by Strapi's.
  stack.emulator.admin.advanceClock(-7200);
  try {
    tokens.expired = await rawTokens(stack.emulator, stack.client.clientId, strapiCallback, ALICE);
  } finally {
    stack.emulator.admin.advanceClock(7200);
  }
});

afterAll(async () => {
  await stack?.stop();
  await otherPool?.stop();
});

/** The warnings Strapi logged while `act` ran. */
async function warnings(act: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const warn = stack.strapi.log.warn;
  stack.strapi.log.warn = (line: string) => lines.push(String(line));
  try {
    await act();
  } finally {
    stack.strapi.log.warn = warn;
  }
  return lines;
}

describe('Cognito access tokens as Bearer tokens', () => {
  it('reach a protected REST route with the mapped role: admins → editor may create', async () => {
    expect((await api('/api/articles', undefined)).status).toBe(403);
    const created = await createArticle(tokens.alice!.access_token);
    expect(created.status, await created.clone().text()).toBe(201);
    const list = await api('/api/articles', tokens.alice!.access_token);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { data: { title: string }[] }).data.map((a) => a.title)).toContain(
      'From an Amplify app',
    );
  });

  it('create the Strapi user on the first call (email from userInfo), then find it by sub', async () => {
    const users = stack.strapi.db.query('plugin::users-permissions.user');
    const alice = await users.findOne({ where: { email: 'alice@example.com' }, populate: ['role'] });
    expect(alice).toMatchObject({
      username: 'alice',
      provider: 'cognito',
      cognitoSub: '0a1b2c3d-1111-4aaa-8bbb-000000000001',
    });
    expect(alice.role.type).toBe('editor');
    await api('/api/articles', tokens.alice!.access_token);
    expect(await users.findMany({ where: { email: 'alice@example.com' } })).toHaveLength(1);
  });

  it("accept another app client only when bearer.clientIds lists it, with that user's role: editors are not mapped, so no create", async () => {
    expect((await api('/api/articles', tokens.bob!.access_token)).status).toBe(200);
    expect((await createArticle(tokens.bob!.access_token)).status).toBe(403);
  });

  it('work on GraphQL', async () => {
    const response = await graphql(tokens.alice!.access_token, '{ articles { title } }');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: { articles: { title: string }[] }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.articles.map((a) => a.title)).toContain('From an Amplify app');
    expect((await graphql(unsigned(tokens.alice!.access_token), '{ articles { title } }')).status).toBe(401);
    // The plugin's own table (used transactions, one-time codes) is not part of the API.
    const schema = (await (await graphql(tokens.alice!.access_token, '{ __schema { types { name } } }')).json()) as {
      data: { __schema: { types: { name: string }[] } };
    };
    expect(schema.data.__schema.types.map((t) => t.name).filter((name) => /ticket/i.test(name))).toEqual([]);
  });

  it('still let users-permissions JWTs through', async () => {
    const { jwt } = (await (await new Visitor().signIn(`${stack.url}/api/cognito-connect/login`, ALICE)).json()) as {
      jwt: string;
    };
    expect((await api('/api/articles', jwt)).status).toBe(200);
  });

  const forged: Array<[string, () => string]> = [
    ["another app client's access token", () => tokens.otherClient!.access_token],
    ['an ID token', () => tokens.alice!.id_token],
    ["another pool's access token", () => tokens.otherPool!.access_token],
    ['an expired access token', () => tokens.expired!.access_token],
    ['an access token re-signed with alg: none', () => unsigned(tokens.alice!.access_token)],
    ['a token with one signature character changed', () => flipSignature(tokens.alice!.access_token)],
  ];
  it.each(forged)('refuse %s with 401', async (_name, token) => {
    const response = await api('/api/articles', token());
    expect(response.status).toBe(401);
  });

  it("log a refused token of this pool with its code (another app client's), never the token", async () => {
    const lines = await warnings(async () => {
      expect((await api('/api/articles', tokens.otherClient!.access_token)).status).toBe(401);
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[cognito-connect\] Bearer token not accepted as a Cognito access token: cognito-connect: TOKEN_CLIENT_ID_MISMATCH: [^\n]+$/,
    );
    expect(lines[0]).not.toContain(tokens.otherClient!.access_token.split('.')[1]);
  });
});

describe('ID tokens reaching the replaced users-permissions provider', () => {
  const run = (idToken: string) =>
    stack.strapi
      .plugin('users-permissions')
      .service('providers-registry')
      .run({ provider: 'cognito', grantResponse: { id_token: idToken }, providers: {} });

  it("accept this app client's own ID token, verified by core", async () => {
    await expect(run(tokens.alice!.id_token)).resolves.toEqual({ username: 'alice', email: 'alice@example.com' });
  });

  // users-permissions 5.54 checked the signature only: each of these logged in (the other client's ID token and the access token by hand).
  const forged: Array<[string, () => string, string]> = [
    ["another app client's ID token", () => tokens.otherClient!.id_token, 'TOKEN_AUDIENCE_MISMATCH'],
    ['an access token', () => tokens.alice!.access_token, 'TOKEN_USE_MISMATCH'],
    ["another pool's ID token", () => tokens.otherPool!.id_token, 'TOKEN_KID_UNKNOWN|TOKEN_ISSUER_MISMATCH'],
    ['an expired ID token', () => tokens.expired!.id_token, 'TOKEN_EXPIRED'],
    ['an ID token with alg: none', () => unsigned(tokens.alice!.id_token), 'TOKEN_ALG_NOT_ALLOWED'],
  ];
  it.each(forged)('refuse %s', async (_name, token, code) => {
    await expect(run(token())).rejects.toMatchObject({ code: expect.stringMatching(new RegExp(`^(${code})$`)) });
  });
});

describe('requiredGroups', () => {
  it('refuses a login outside the required groups, and lets members in', async () => {
    const refused = await new Visitor().signIn(`${stack.url}/api/cognito-connect/login`, CAROL);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe('TOKEN_GROUP_REQUIRED');
    expect((await new Visitor().signIn(`${stack.url}/api/cognito-connect/login`, BOB)).status).toBe(200);
  });

  it('refuses a Bearer token of a user outside the required groups: 403 with its code, and one line saying why', async () => {
    const carol = await rawTokens(stack.emulator, SPA, SEED_CALLBACK, CAROL);
    let response: Response | undefined;
    const lines = await warnings(async () => {
      response = await api('/api/articles', carol.access_token);
    });
    expect(response?.status).toBe(403);
    expect(await errorCode(response as Response)).toBe('TOKEN_GROUP_REQUIRED');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[cognito-connect\] Bearer access token refused: cognito-connect: TOKEN_GROUP_REQUIRED: [^\n]*admins, editors/,
    );
    expect(lines[0]).not.toContain(carol.access_token.split('.')[1]);
  });
});
