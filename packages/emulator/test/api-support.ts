// Shared fixtures for the user-pool API suites: an AWS SDK client on the emulator and SECRET_HASH.
import { createHmac } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Emulator } from '../src/index.js';

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
