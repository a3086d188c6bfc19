// Amplify v6 in Node (a client nobody here wrote) against the emulator: sign up, confirm, SRP sign-in, session, sign-out.
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Emulator } from '../../src/index.js';
import { sdkClient } from '../api-support.js';
import { tokenVerifier } from '../token-verifier.js';
import { PUBLIC_ID, startSeeded } from '../support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startSeeded();
  Amplify.configure({
    Auth: {
      Cognito: { userPoolId: emulator.userPoolId, userPoolClientId: PUBLIC_ID, userPoolEndpoint: emulator.url },
    },
  });
}, 60_000);
afterAll(() => emulator.stop());

it('signUp → confirmSignUp → signIn (SRP) → fetchAuthSession → signOut', async () => {
  const signedUp = await signUp({
    username: 'kate',
    password: 'Kate-password-1',
    options: { userAttributes: { email: 'kate@example.com' } },
  });
  expect(signedUp.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
  const code = emulator.admin.confirmationCodes('kate').find((c) => c.purpose === 'SignUp')?.code;
  const confirmed = await confirmSignUp({ username: 'kate', confirmationCode: code ?? '' });
  expect(confirmed.isSignUpComplete).toBe(true);

  const signedIn = await signIn({ username: 'kate', password: 'Kate-password-1' });
  expect(signedIn).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  expect((await getCurrentUser()).username).toBe('kate');

  const { tokens } = await fetchAuthSession();
  const accessToken = tokens?.accessToken.toString() ?? '';
  const access = await tokenVerifier(emulator, 'access', PUBLIC_ID).verify(accessToken);
  expect(access).toMatchObject({ username: 'kate', scope: 'aws.cognito.signin.user.admin' });
  const id = await tokenVerifier(emulator, 'id', PUBLIC_ID).verify(tokens?.idToken?.toString() ?? '');
  expect(id).toMatchObject({ email: 'kate@example.com', email_verified: true });

  // Amplify's sign-out revokes the refresh token, and with it the access tokens of that sign-in.
  await signOut();
  expect((await fetchAuthSession()).tokens).toBeUndefined();
  await expect(sdkClient(emulator).send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({
    name: 'NotAuthorizedException',
  });
});

it('a wrong password fails the SRP sign-in with Amplify’s NotAuthorizedException', async () => {
  await expect(signIn({ username: 'alice', password: 'Not-her-password-1' })).rejects.toMatchObject({
    name: 'NotAuthorizedException',
  });
});
