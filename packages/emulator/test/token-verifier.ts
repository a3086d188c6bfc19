// aws-jwt-verify, a verifier nobody here wrote, set up for the emulator's issuer and plain-http JWKS.
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Emulator } from '../src/index.js';

/** aws-jwt-verify fetches over https only; the emulator is plain http on loopback. */
const httpFetcher: Fetcher = {
  async fetch(uri) {
    const response = await fetch(uri);
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
    return response.arrayBuffer();
  },
};

/** aws-jwt-verify's verifier with Cognito's field checks, for tokens of one use and one client. */
export function tokenVerifier(emulator: Emulator, tokenUse: 'id' | 'access', clientId: string) {
  return JwtVerifier.create(
    {
      issuer: emulator.issuer,
      jwksUri: emulator.jwksUrl,
      audience: null,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId }),
    },
    { jwksCache: new SimpleJwksCache({ fetcher: httpFetcher }) },
  );
}
