// Core bundled for a worker target and run inside the Edge Runtime VM: no Node globals, only Web APIs.
import { gzipSync } from 'node:zlib';
import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

let bundle: string;

beforeAll(async () => {
  const result = await build({
    entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'CognitoCore',
    platform: 'browser',
    conditions: ['worker', 'browser'],
    minify: true,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]?.text as string;
});

describe('core in an edge runtime', () => {
  it('bundles without any node: import', () => {
    expect(bundle).not.toMatch(/require\(["']node:/);
    expect(bundle).not.toMatch(/from ?["']node:/);
    // Informational: the size an edge deployment pays for core with its dependencies.
    console.info(
      `core worker bundle: ${(bundle.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(bundle).length / 1024).toFixed(1)} KiB gzipped`,
    );
  });

  it('validates settings, starts a login and verifies a token with Web Crypto only', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'edge-key', alg: 'RS256', use: 'sig' };
    const issuer = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EdgeTest1';
    const token = await new SignJWT({
      token_use: 'access',
      client_id: 'edgeclient',
      username: 'alice',
      scope: 'openid',
      'cognito:groups': ['admins'],
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'edge-key' })
      .setIssuer(issuer)
      .setSubject('sub-1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

    const vm = new EdgeVM();
    vm.evaluate(bundle);
    Object.assign(vm.context, { input: { jwk, token } });
    const out = await vm.evaluate(`(async () => {
      const C = CognitoCore;
      const settings = C.defineCognito({ userPoolId: 'us-east-1_EdgeTest1', domain: 'edge-app', clientId: 'edgeclient',
        redirectUri: 'https://app.example.com/callback', transactionSecret: 'x'.repeat(40) });
      const login = await C.createCognito(settings).startLogin({ returnTo: '/docs' });
      const verifier = C.createVerifier({ userPoolId: 'us-east-1_EdgeTest1', clientId: 'edgeclient', tokenUse: 'access', jwks: { keys: [input.jwk] } });
      const claims = await verifier.verify(input.token, { groups: ['admins'] });
      let tampered;
      try { await verifier.verify(input.token.slice(0, -6) + 'AAAAAA'); } catch (e) { tampered = e.code; }
      let wrongClient;
      try { await C.createVerifier({ userPoolId: 'us-east-1_EdgeTest1', clientId: 'other', tokenUse: 'access', jwks: { keys: [input.jwk] } }).verify(input.token); } catch (e) { wrongClient = e.code; }
      return JSON.stringify({ hasProcess: typeof process !== 'undefined', hasBuffer: typeof Buffer !== 'undefined', url: login.url, username: claims.username, tampered, wrongClient,
        profile: C.profileFromClaims(claims).groups });
    })()`);
    const result = JSON.parse(out as string);
    expect(result.hasProcess).toBe(false);
    expect(result.hasBuffer).toBe(false);
    expect(result.url).toMatch(/^https:\/\/edge-app\.auth\.us-east-1\.amazoncognito\.com\/oauth2\/authorize\?/);
    expect(new URL(result.url).searchParams.get('code_challenge_method')).toBe('S256');
    expect(result.username).toBe('alice');
    expect(result.tampered).toBe('TOKEN_SIGNATURE_INVALID');
    expect(result.wrongClient).toBe('TOKEN_CLIENT_ID_MISMATCH');
    expect(result.profile).toEqual(['admins']);
  });
});
