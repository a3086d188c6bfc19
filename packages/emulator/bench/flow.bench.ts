// How fast the emulator serves whole sign-ins and token requests over loopback; bounded in count and time, then it stops.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { startEmulator, type Emulator, type SeedInput } from '../src/index.js';
import { cognitoTimestamp, srpClient } from './srp-client.js';

const CLIENT = { id: 'bench_client', secret: 'benchsecret000000000000000000000000000000000000001' };
const CALLBACK = 'http://127.0.0.1:4999/auth/callback';
/** A public client, so SRP needs no SECRET_HASH. */
const SPA = 'bench_spa';
// Inline, so the bundled bench runs from anywhere.
const SEED: SeedInput = {
  userPool: { id: 'us-east-1_Bench0001', name: 'bench' },
  clients: [
    { clientId: CLIENT.id, clientSecret: CLIENT.secret, name: 'Bench', callbackUrls: [CALLBACK] },
    { clientId: SPA, name: 'Bench SPA', allowedOAuthFlows: [] },
  ],
  groups: [{ name: 'admins' }],
  users: [
    {
      username: 'alice',
      password: 'Alice-password-1',
      attributes: { email: 'alice@example.com', email_verified: true },
      groups: ['admins'],
    },
  ],
};
const BASIC = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface Scenario {
  readonly name: string;
  readonly maxCount: number;
  readonly maxSeconds: number;
  readonly concurrency: number;
  readonly run: () => Promise<void>;
}

async function ok(response: Response, expected: number): Promise<Response> {
  if (response.status !== expected)
    throw new Error(`expected ${expected}, got ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return response;
}

/** authorize → login form → form post → token: one complete sign-in of a confidential client with PKCE. */
async function codeFlow(emulator: Emulator): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: CLIENT.id,
    response_type: 'code',
    redirect_uri: CALLBACK,
    state: 's',
    nonce: 'n',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const authorize = await ok(await fetch(`${emulator.url}/oauth2/authorize?${query}`, { redirect: 'manual' }), 302);
  const form = await ok(await fetch(authorize.headers.get('location') as string, { redirect: 'manual' }), 200);
  const pending = /name="pending" value="([^"]+)"/.exec(await form.text())?.[1] as string;
  const login = await ok(
    await fetch(`${emulator.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: FORM,
      body: new URLSearchParams({ pending, username: 'alice', password: 'Alice-password-1' }),
    }),
    302,
  );
  const code = new URL(login.headers.get('location') as string).searchParams.get('code') as string;
  const token = await ok(
    await fetch(`${emulator.url}/oauth2/token`, {
      method: 'POST',
      headers: { ...FORM, authorization: BASIC },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        code_verifier: verifier,
      }),
    }),
    200,
  );
  return ((await token.json()) as { refresh_token: string }).refresh_token;
}

/** One call to the user-pool API; the parsed answer. */
async function callApi(emulator: Emulator, action: string, body: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
  });
  return (await (await ok(response, 200)).json()) as Record<string, unknown>;
}

/** One USER_PASSWORD_AUTH sign-in over the user-pool API, with the confidential client's SECRET_HASH. */
async function passwordSignIn(emulator: Emulator): Promise<void> {
  await callApi(emulator, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: CLIENT.id,
    AuthParameters: {
      USERNAME: 'alice',
      PASSWORD: 'Alice-password-1',
      SECRET_HASH: createHmac('sha256', CLIENT.secret).update(`alice${CLIENT.id}`).digest('base64'),
    },
  });
}

/** One USER_SRP_AUTH sign-in: InitiateAuth with SRP_A, then the PASSWORD_VERIFIER answer. */
async function srpSignIn(emulator: Emulator): Promise<void> {
  const client = srpClient(emulator.userPoolId.split('_')[1] as string, 'Alice-password-1');
  const started = await callApi(emulator, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: SPA,
    AuthParameters: { USERNAME: 'alice', SRP_A: client.srpA },
  });
  await callApi(emulator, 'RespondToAuthChallenge', {
    ClientId: SPA,
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: started.Session,
    ChallengeResponses: client.answer(started.ChallengeParameters as Record<string, string>, cognitoTimestamp()),
  });
}

async function measure(scenario: Scenario): Promise<{ count: number; seconds: number; perSecond: number }> {
  const started = performance.now();
  const deadline = started + scenario.maxSeconds * 1000;
  let count = 0;
  const worker = async () => {
    while (count < scenario.maxCount && performance.now() < deadline) {
      count++;
      await scenario.run();
    }
  };
  await Promise.all(Array.from({ length: scenario.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { count, seconds, perSecond: count / seconds };
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ seed: SEED, port: 0 });
  try {
    for (let i = 0; i < 20; i++) await codeFlow(emulator); // warm-up: JIT and keep-alive connections
    const refreshToken = await codeFlow(emulator);
    for (let i = 0; i < 5; i++) await Promise.all([passwordSignIn(emulator), srpSignIn(emulator)]);
    const scenarios: Scenario[] = [
      {
        name: 'full code flows (authorize → form → POST /login → token)',
        maxCount: 2000,
        maxSeconds: 10,
        concurrency: 4,
        run: async () => void (await codeFlow(emulator)),
      },
      {
        name: 'user-pool API: USER_PASSWORD_AUTH sign-ins (InitiateAuth)',
        maxCount: 3000,
        maxSeconds: 10,
        concurrency: 4,
        run: () => passwordSignIn(emulator),
      },
      {
        name: 'user-pool API: SRP sign-ins (SRP_A + PASSWORD_VERIFIER)',
        maxCount: 1000,
        maxSeconds: 10,
        concurrency: 4,
        run: () => srpSignIn(emulator),
      },
      {
        name: 'token endpoint: refresh_token grants',
        maxCount: 5000,
        maxSeconds: 10,
        concurrency: 8,
        run: async () =>
          void (
            await ok(
              await fetch(`${emulator.url}/oauth2/token`, {
                method: 'POST',
                headers: { ...FORM, authorization: BASIC },
                body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
              }),
              200,
            )
          ).arrayBuffer(),
      },
      {
        name: 'JWKS document',
        maxCount: 10000,
        maxSeconds: 5,
        concurrency: 8,
        run: async () => void (await ok(await fetch(emulator.jwksUrl), 200)).arrayBuffer(),
      },
    ];
    console.log(`cognito-emulator benchmark on Node ${process.version} (loopback, one process)`);
    for (const scenario of scenarios) {
      const { count, seconds, perSecond } = await measure(scenario);
      console.log(
        `${scenario.name.padEnd(60)} ${perSecond.toFixed(0).padStart(6)}/s  (${count} in ${seconds.toFixed(2)} s, concurrency ${scenario.concurrency})`,
      );
    }
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
