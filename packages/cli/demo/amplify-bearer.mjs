// An app's half of Cognito, as most apps do it: Amplify v6 signs in by SRP, then calls the Strapi API with the access token as a Bearer token.
//
// `cognito-connect playground` runs this once Strapi is up and prints the result; run it yourself with the command it
// prints (aws-amplify v6 must be installed where this file can import it: `npm i aws-amplify@6`).
// Prints one JSON document: who signed in and what Strapi answered. It never prints a token.
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';

function setting(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`amplify-bearer: set ${name} (the playground prints the whole command).`);
    process.exit(2);
  }
  return value;
}

const userPoolId = setting('COGNITO_USER_POOL_ID');
const userPoolClientId = setting('COGNITO_CLIENT_ID');
// The emulator stands in for cognito-idp.<region>.amazonaws.com; leave it unset against a real pool.
const userPoolEndpoint = process.env.COGNITO_USER_POOL_ENDPOINT;
const strapi = setting('STRAPI_URL');
const username = setting('DEMO_USERNAME');
const password = setting('DEMO_PASSWORD');
const path = process.env.STRAPI_PATH ?? '/api/users/me';

Amplify.configure({
  Auth: { Cognito: { userPoolId, userPoolClientId, ...(userPoolEndpoint ? { userPoolEndpoint } : {}) } },
});

const signedIn = await signIn({ username, password, options: { authFlowType: 'USER_SRP_AUTH' } });
if (!signedIn.isSignedIn) {
  console.error(`amplify-bearer: the sign-in stopped at ${signedIn.nextStep.signInStep}.`);
  process.exit(1);
}
const { tokens } = await fetchAuthSession();
const accessToken = tokens?.accessToken.toString();
if (!accessToken) {
  console.error('amplify-bearer: Amplify has no access token after the sign-in.');
  process.exit(1);
}

const response = await fetch(new URL(path, strapi), { headers: { authorization: `Bearer ${accessToken}` } });
const text = await response.text();
let body;
try {
  body = JSON.parse(text);
} catch {
  body = text.slice(0, 500);
}
await signOut();

console.log(
  JSON.stringify({
    signedIn: { username, authFlow: 'USER_SRP_AUTH', clientId: userPoolClientId },
    request: `GET ${path}`,
    status: response.status,
    body,
  }),
);
