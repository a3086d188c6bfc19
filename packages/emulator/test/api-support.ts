// Shared fixtures for the user-pool API suites: an AWS SDK client on the emulator and SECRET_HASH.
import { createHmac } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Emulator } from '../src/index.js';
import { PUBLIC_ID } from './support.js';

/** The AWS SDK v3 pointed at the emulator; admin calls are signed with throwaway credentials the emulator ignores. */
export const sdkClient = (emulator: Emulator): CognitoIdentityProviderClient =>
  new CognitoIdentityProviderClient({
    region: emulator.region,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' },
    maxAttempts: 1,
  });

/** Base64(HMAC-SHA256(clientSecret, username + clientId)), as Cognito documents SECRET_HASH. */
export const secretHash = (username: string, clientId: string, clientSecret: string): string =>
  createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');

/** `InitiateAuth` with `USER_PASSWORD_AUTH` for a client without a secret (the seed's public client by default). */
export const passwordSignIn = (
  sdk: CognitoIdentityProviderClient,
  username: string,
  password: string,
  clientId: string = PUBLIC_ID,
): Promise<InitiateAuthCommandOutput> =>
  sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
