// Raw Cognito tokens for the token suites: a real hosted-UI sign-in and code exchange, with nothing verified on the way.
import { createHash, randomBytes } from 'node:crypto';
import { defineCognito } from '@cognito-connect/core';
import type { Emulator } from '@cognito-connect/emulator';
import { signInWithHostedUi } from '../../../../test-fixtures/support/hosted-ui.js';

export interface RawTokens {
  id_token: string;
  access_token: string;
}

/** Signs `user` in through `clientId` and exchanges the code itself, so expired or foreign tokens reach the test unjudged. */
export async function rawTokens(
  emulator: Emulator,
  clientId: string,
  redirectUri: string,
  user: { username: string; password: string },
): Promise<RawTokens> {
  const { endpoints, clientSecret } = defineCognito({ ...emulator.settingsFor(clientId), redirectUri });
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(endpoints.authorize);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    state: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const { location } = await signInWithHostedUi(authorize.href, user);
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`sign-in ended at ${location}`);
  const response = await fetch(endpoints.token, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(clientSecret
        ? { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` }
        : {}),
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      ...(clientSecret ? {} : { client_id: clientId }),
    }),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as RawTokens;
}

/** The same claims with `alg: none` and no signature: the oldest JWT forgery there is. */
export function unsigned(token: string): string {
  const [header, payload] = token.split('.') as [string, string];
  const parsed = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>;
  return `${Buffer.from(JSON.stringify({ ...parsed, alg: 'none' })).toString('base64url')}.${payload}.`;
}

/** Changes one character in the middle of the signature (the last one may only hold padding bits). */
export function flipSignature(token: string): string {
  const at = token.lastIndexOf('.') + 20;
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}
