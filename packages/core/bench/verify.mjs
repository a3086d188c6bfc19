// Verifications per second on the same Cognito-shaped access tokens: core vs fast-jwt (uncached and cached),
// aws-jwt-verify (verifySync), jose, and one-shot node:crypto verify (the limit: the RSA check alone, no claims).
// Run: npm run bench -w @cognito-connect/core   (builds first; prints figures and ratios, asserts nothing)
import { createPublicKey, verify as cryptoVerify, randomUUID } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { createVerifier as createFastJwtVerifier } from 'fast-jwt';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { createVerifier } from '../dist/index.js';

const POOL = 'us-east-1_BenchPool1';
const CLIENT = 'benchclient1234567890abcde';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const COUNT = Number(process.env.BENCH_TOKENS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-key', alg: 'RS256', use: 'sig' };
const jwks = { keys: [jwk] };
const keyObject = createPublicKey({ key: jwk, format: 'jwk' });
const pem = keyObject.export({ type: 'spki', format: 'pem' });

// Shaped as Cognito issues them: sub, username (a pool with email sign-in names users by their sub), jti, origin_jti
// and event_id are UUIDs. (Short made-up values such as `jti-1` would measure something Cognito never sends: V8
// interns string values of up to 10 characters while it parses JSON, which costs every contender about 1 us a token.)
console.log(`signing ${COUNT} distinct Cognito-shaped access tokens...`);
const tokens = [];
for (let i = 0; i < COUNT; i++) {
  const sub = randomUUID();
  tokens.push(
    await new SignJWT({
      'cognito:groups': ['readers'],
      version: 2,
      client_id: CLIENT,
      origin_jti: randomUUID(),
      event_id: randomUUID(),
      token_use: 'access',
      scope: 'openid email profile aws.cognito.signin.user.admin',
      auth_time: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      username: sub,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench-key' })
      .setIssuer(ISSUER)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey),
  );
}

const coreVerifier = () => createVerifier({ userPoolId: POOL, clientId: CLIENT, tokenUse: 'access', jwks });
const aws = CognitoJwtVerifier.create({ userPoolId: POOL, tokenUse: 'access', clientId: CLIENT });
aws.cacheJwks(jwks);
// fast-jwt checks signature, alg, iss, exp/nbf and presence of the Cognito claims; token_use and client_id values are
// compared after it (it has no option for them), so it does no less than core does.
const fastJwtOptions = {
  key: pem,
  algorithms: ['RS256'],
  allowedIss: ISSUER,
  requiredClaims: ['sub', 'exp', 'iat', 'token_use', 'client_id'],
  clockTolerance: 5000,
};
const cognitoClaims = (payload) => {
  if (payload.token_use !== 'access' || payload.client_id !== CLIENT || 'aud' in payload) throw new Error('claims');
  return payload;
};
const fastJwt = createFastJwtVerifier(fastJwtOptions);
const joseKeys = createLocalJWKSet(jwks);
const lastDot = (t) => t.lastIndexOf('.');
const oneShot = (t, dot = lastDot(t)) => {
  const signature = Buffer.from(t.slice(dot + 1), 'base64url');
  if (!cryptoVerify('sha256', Buffer.from(t.slice(0, dot), 'latin1'), keyObject, signature)) {
    throw new Error('bad signature');
  }
};

// Each contender is a factory: a fresh verifier per distinct-token run, so no cache from an earlier run can help.
const contenders = {
  core: () => {
    const v = coreVerifier();
    return (t) => v.verify(t);
  },
  'fast-jwt': () => (t) => cognitoClaims(fastJwt(t)),
  'fast-jwt cached': () => {
    const v = createFastJwtVerifier({ ...fastJwtOptions, cache: true });
    return (t) => cognitoClaims(v(t));
  },
  'aws-jwt-verify': () => (t) => aws.verifySync(t),
  jose: () => async (t) =>
    cognitoClaims((await jwtVerify(t, joseKeys, { issuer: ISSUER, algorithms: ['RS256'], clockTolerance: 5 })).payload),
  // The limit: one-shot crypto.verify of the signing input with a prepared key; no header, no JSON, no claim.
  'crypto.verify': () => oneShot,
  // The limit plus reading the claims, which any verifier that returns them must do: no header, no claim checked.
  'crypto.verify+parse': () => (t) => {
    const dot = lastDot(t);
    const payload = JSON.parse(Buffer.from(t.slice(t.indexOf('.') + 1, dot), 'base64url').toString());
    oneShot(t, dot);
    return payload;
  },
};
for (const name of SKIP) delete contenders[name];

// Chunks of tokens alternate between the contenders (in a new order each time), so a noisy moment on this shared
// machine hits all of them alike; a round gives each contender fresh verifiers and the whole token list.
// Time is this process's CPU time (process.cpuUsage: user + system, every thread, so jose's thread pool counts too):
// another engineer's build on this shared machine stretches wall-clock time far more than it stretches ours.
async function timeChunk(fn, list, from, size) {
  const to = Math.min(from + size, list.length);
  const start = process.cpuUsage();
  for (let i = from; i < to; i++) await fn(list[i]);
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}
const shuffled = (list) =>
  list
    .map((value) => [Math.random(), value])
    .sort((a, b) => a[0] - b[0])
    .map(([, value]) => value);

// A round: fresh verifiers and the whole list for every contender; it records each chunk's seconds per contender.
async function round(kind, fresh) {
  const { list, size, names } = kinds[kind];
  const fns = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await fresh(name)])));
  const chunks = [];
  for (let from = 0; from < list.length; from += size) {
    const chunk = {};
    for (const name of shuffled(names)) chunk[name] = (await timeChunk(fns[name], list, from, size)) / size;
    chunks.push(chunk);
  }
  return chunks;
}

// Distinct tokens: every contender, chunks of 200. Repeated token: the contenders with a cache of verified tokens,
// in longer chunks (a chunk of 200 cache hits is too short to time).
const kinds = {
  distinct: { list: tokens, size: 200, names: Object.keys(contenders) },
  repeated: {
    list: Array.from({ length: COUNT * 10 }, () => tokens[0]),
    size: 2000,
    names: ['core', 'fast-jwt cached'].filter((name) => contenders[name]),
  },
};
// Repeated runs start from a verifier that has seen the token once (a cache, if it has one, holds it).
const warmed = async (name) => {
  const fn = contenders[name]();
  await fn(tokens[0]);
  return fn;
};
// Warm up every path (JIT, key import, caches) before measuring.
await round('distinct', (name) => contenders[name]());
await round('repeated', warmed);
const runs = { distinct: [], repeated: [] };
for (let r = 0; r < ROUNDS; r++) {
  runs.distinct.push(...(await round('distinct', (name) => contenders[name]())));
  runs.repeated.push(...(await round('repeated', warmed)));
}

// Figures are medians over all chunks: a chunk slowed by another engineer's test run is an outlier, not the result.
// A ratio compares the two contenders chunk by chunk (the same tokens, moments apart), then takes the median.
const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(10);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rate = (name, kind) =>
  kinds[kind].names.includes(name) ? fmt(median(runs[kind].map((chunk) => 1 / chunk[name]))) : '         -';
console.log(
  `\nNode ${process.version}, ${COUNT} tokens x ${ROUNDS} rounds, interleaved in chunks (verifications per CPU second, median chunk)`,
);
console.log('contender              distinct    repeated');
for (const name of Object.keys(contenders))
  console.log(`${name.padEnd(21)}${rate(name, 'distinct')}  ${rate(name, 'repeated')}`);

const ratio = (a, b, kind, bar) => {
  if (!contenders[a] || !contenders[b]) return;
  const perChunk = runs[kind].map((chunk) => chunk[b] / chunk[a]);
  const m = median(perChunk);
  const sorted = [...perChunk].sort((x, y) => x - y);
  const quartiles = `middle half ${sorted[Math.floor(sorted.length / 4)].toFixed(2)}-${sorted[Math.floor((sorted.length * 3) / 4)].toFixed(2)}x`;
  const verdict = bar === undefined ? '' : m >= bar ? `, bar ${bar}x met` : `, bar ${bar}x NOT met`;
  console.log(`${`${a} / ${b}`.padEnd(36)} ${kind.padEnd(9)} ${m.toFixed(2)}x (${quartiles}${verdict})`);
};
console.log('');
ratio('core', 'fast-jwt', 'distinct', 1.1);
ratio('core', 'crypto.verify', 'distinct', 0.95);
ratio('core', 'fast-jwt cached', 'repeated', 1.5);
ratio('core', 'crypto.verify+parse', 'distinct');
// What reading the claims alone costs against the limit: the ceiling for any verifier that returns them.
ratio('crypto.verify+parse', 'crypto.verify', 'distinct');
ratio('crypto.verify+parse', 'fast-jwt', 'distinct');
ratio('core', 'aws-jwt-verify', 'distinct');
ratio('core', 'jose', 'distinct');
