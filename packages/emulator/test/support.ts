// Shared fixtures for the emulator's end-to-end tests: the seed's clients, PKCE, form posts and a hosted-UI sign-in.
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, type JWTPayload } from 'jose';
import { signInWithHostedUi, type CookieJar } from '../../../test-fixtures/support/hosted-ui.js';
import { startEmulator, type Emulator } from '../src/index.js';

export const SEED_PATH = new URL('../../../test-fixtures/emulator/seed.json', import.meta.url).pathname;
export const CALLBACK = 'http://127.0.0.1:4999/auth/callback';
export const SIGNED_OUT = 'http://127.0.0.1:4999/';
export const CONFIDENTIAL = {
  id: 'confidential_web_client',
  secret: 'emulatorconfidentialsecret0000000000000000000000001',
} as const;
export const PUBLIC_ID = 'public_spa_client';
export const M2M = { id: 'm2m_reports_client', secret: 'emulatormachinesecret00000000000000000000000000002' } as const;
export const ALICE = { username: 'alice', password: 'Alice-password-1' } as const;
export const BOB = { username: 'bob', password: 'Bob-password-1' } as const;
export const CAROL = { username: 'carol', password: 'Carol-password-1' } as const;

export const startSeeded = (): Promise<Emulator> => startEmulator({ seed: SEED_PATH, port: 0 });

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export function authorizeUrl(emulator: Emulator, params: Record<string, string>): string {
  return `${emulator.url}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', redirect_uri: CALLBACK, ...params })}`;
}

export function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
}

export const getManual = (url: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, { redirect: 'manual', headers });

export const claimsOf = (jwt: string): JWTPayload => decodeJwt(jwt);

export interface SignedIn {
  code: string;
  state: string | null;
  verifier: string;
  location: URL;
}

/** Runs the hosted UI for `clientId` and returns the code at the callback (throws if the flow ended elsewhere). */
export async function signIn(
  emulator: Emulator,
  options: {
    clientId?: string;
    user?: { username: string; password: string };
    params?: Record<string, string>;
    jar?: CookieJar;
    /** false sends no code_challenge (Cognito accepts that, unless the client has requirePkce). */
    pkce?: boolean;
  } = {},
): Promise<SignedIn> {
  const { verifier, challenge } = pkce();
  const url = authorizeUrl(emulator, {
    client_id: options.clientId ?? CONFIDENTIAL.id,
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    ...(options.pkce === false ? {} : { code_challenge: challenge, code_challenge_method: 'S256' }),
    ...options.params,
  });
  const result = await signInWithHostedUi(url, options.user ?? ALICE, options.jar);
  const location = new URL(result.location);
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`sign-in ended at ${location.pathname}${location.search} (status ${result.status})`);
  return { code, state: location.searchParams.get('state'), verifier, location };
}

export interface TokenSet {
  id_token?: string;
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
}

/** Exchanges a code with the confidential client (Basic auth) unless told otherwise. */
export async function exchange(
  emulator: Emulator,
  signedIn: SignedIn,
  auth: { clientId?: string; secret?: string } = {},
): Promise<TokenSet> {
  const clientId = auth.clientId ?? CONFIDENTIAL.id;
  const secret = auth.clientId ? auth.secret : CONFIDENTIAL.secret;
  const response = await postForm(
    `${emulator.url}/oauth2/token`,
    {
      grant_type: 'authorization_code',
      code: signedIn.code,
      redirect_uri: CALLBACK,
      code_verifier: signedIn.verifier,
      ...(secret ? {} : { client_id: clientId }),
    },
    secret ? { authorization: basic(clientId, secret) } : {},
  );
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as TokenSet;
}
