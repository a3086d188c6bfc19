// What the runtime suite runs inside each runtime (Node, Bun, Deno, workerd) against core's built output: Web APIs only.

/**
 * Verifies every case's token three times (a first sighting, the second that remembers it, a third from the cache) with
 * each signature backend, and starts a login: the verdicts come back as plain JSON, to compare with Node's.
 *
 * @param {typeof import('../../dist/index.js')} core the built core, as this runtime loaded it
 * @param {{ pool: string, client: string, jwks: { keys: object[] }, warmup: string,
 *   cases: { token: string, use: 'access' | 'id' | null }[] }} input
 * @param {Record<string, unknown>} facts what the caller found out about this runtime, reported with the verdicts
 */
export async function run(core, input, facts = {}) {
  const verifiers = {};
  for (const backend of ['auto', 'webcrypto']) {
    for (const use of ['access', 'id', null]) {
      const verifier = core.createVerifier({
        userPoolId: input.pool,
        clientId: input.client,
        tokenUse: use,
        jwks: input.jwks,
        signatureBackend: backend,
      });
      // The key imported, so the rest take the synchronous path where the runtime has one.
      await verifier.verify(input.warmup).catch(() => undefined);
      verifiers[`${backend} ${use}`] = verifier;
    }
  }
  const outcome = async (verifier, token) => {
    try {
      const claims = await verifier.verify(token);
      return { claims: JSON.stringify(claims), frozen: Object.isFrozen(claims) };
    } catch (error) {
      return { code: error?.code, name: error?.name, message: String(error?.message) };
    }
  };
  const verdicts = [];
  for (const { token, use } of input.cases) {
    const byBackend = {};
    for (const backend of ['auto', 'webcrypto']) {
      const verifier = verifiers[`${backend} ${use}`];
      byBackend[backend] = [
        await outcome(verifier, token),
        await outcome(verifier, token),
        await outcome(verifier, token),
      ];
    }
    verdicts.push(byBackend);
  }
  const cognito = core.createCognito({
    userPoolId: input.pool,
    domain: 'runtime-app',
    clientId: input.client,
    redirectUri: 'https://app.example.com/callback',
    transactionSecret: 'runtime-suite-transaction-secret-0123456789',
  });
  const login = await cognito.startLogin({ returnTo: '/docs?x=1' });
  const nodeCrypto = globalThis.process?.getBuiltinModule?.('node:crypto');
  return {
    runtime: {
      version: globalThis.Bun?.version ?? globalThis.Deno?.version?.deno ?? globalThis.process?.versions?.node,
      buffer: typeof globalThis.Buffer === 'function',
      nodeCrypto: typeof nodeCrypto?.verify === 'function',
      ...facts,
    },
    verdicts,
    login: { url: login.url, transaction: login.transaction },
  };
}
