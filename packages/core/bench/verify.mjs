// Verifications per second: core vs aws-jwt-verify (verifySync, cached JWKS) vs raw node:crypto, on the same tokens.
// Run: npm run bench -w @cognito-connect/core   (builds first; prints figures, asserts nothing)
import { createVerify } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { createVerifier } from '../dist/index.js';

const POOL = 'us-east-1_BenchPool1';
const CLIENT = 'benchclient1234567890abcde';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const COUNT = Number(process.env.BENCH_TOKENS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-key', alg: 'RS256', use: 'sig' };
const jwks = { keys: [jwk] };

console.log(`signing ${COUNT} distinct Cognito-shaped access tokens...`);
const tokens = [];
for (let i = 0; i < COUNT; i++) {
  tokens.push(
    await new SignJWT({ token_use: 'access', client_id: CLIENT, username: `user${i}`, scope: 'openid email', 'cognito:groups': ['readers'], jti: `jti-${i}`, version: 2 })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench-key' })
      .setIssuer(ISSUER)
      .setSubject(`sub-${i}`)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey),
  );
}

const core = createVerifier({ userPoolId: POOL, clientId: CLIENT, tokenUse: 'access', jwks });
const aws = CognitoJwtVerifier.create({ userPoolId: POOL, tokenUse: 'access', clientId: CLIENT });
aws.cacheJwks(jwks);
const keyObject = (await import('node:crypto')).createPublicKey({ key: jwk, format: 'jwk' });

const contenders = {
  core: async (t) => core.verify(t),
  'aws-jwt-verify': async (t) => aws.verifySync(t),
  'node:crypto': async (t) => {
    const dot = t.lastIndexOf('.');
    const v = createVerify('RSA-SHA256');
    v.update(t.slice(0, dot));
    if (!v.verify(keyObject, Buffer.from(t.slice(dot + 1), 'base64url'))) throw new Error('bad');
  },
};

async function measure(fn, list) {
  const start = process.hrtime.bigint();
  for (const t of list) await fn(t);
  return list.length / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function best(fn, list) {
  let top = 0;
  for (let r = 0; r < ROUNDS; r++) top = Math.max(top, await measure(fn, list));
  return top;
}

// Warm up every path (JIT, key import) before measuring.
for (const fn of Object.values(contenders)) await measure(fn, tokens.slice(0, 200));

const repeated = Array.from({ length: COUNT }, () => tokens[0]);
const results = {};
for (const [name, fn] of Object.entries(contenders)) {
  // Distinct tokens first, with a fresh core verifier each round so no signature cache can help.
  results[name] = { distinct: 0, repeated: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    const run = name === 'core' ? (() => { const v = createVerifier({ userPoolId: POOL, clientId: CLIENT, tokenUse: 'access', jwks }); return (t) => v.verify(t); })() : fn;
    results[name].distinct = Math.max(results[name].distinct, await measure(run, tokens));
  }
  results[name].repeated = await best(fn, repeated);
}

const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(10);
console.log(`\nNode ${process.version}, ${COUNT} tokens, best of ${ROUNDS} rounds (verifications per second)`);
console.log('contender         distinct    repeated');
for (const [name, r] of Object.entries(results)) console.log(`${name.padEnd(16)}${fmt(r.distinct)}  ${fmt(r.repeated)}`);
const ratio = (a, b) => (a / b).toFixed(2);
console.log(`\ncore / aws-jwt-verify: distinct ${ratio(results.core.distinct, results['aws-jwt-verify'].distinct)}x, repeated ${ratio(results.core.repeated, results['aws-jwt-verify'].repeated)}x`);
console.log(`core / node:crypto:    distinct ${ratio(results.core.distinct, results['node:crypto'].distinct)}x, repeated ${ratio(results.core.repeated, results['node:crypto'].repeated)}x`);
