// RS256 signature checks: node:crypto when the runtime has it (several times faster), Web Crypto everywhere else.

/** One RSA public key of a JWKS, as Cognito publishes it. */
export interface JsonWebKey {
  kty?: string;
  kid?: string;
  alg?: string;
  use?: string;
  n?: string;
  e?: string;
  [name: string]: unknown;
}

/** A public key prepared once for whichever backend this runtime uses. */
export interface VerifyKey {
  readonly kid: string;
  verify(signingInput: string, signature: Uint8Array): Promise<boolean>;
  /**
   * Present where the runtime can verify synchronously (node:crypto): saves the promise round trips on the hot path.
   * It takes the signing input's bytes; both are read before it returns, so they may live in scratch space.
   */
  verifySync?(signingInput: Uint8Array, signature: Uint8Array): boolean;
}

interface NodeCrypto {
  createPublicKey(input: { key: JsonWebKey; format: 'jwk' }): unknown;
  verify(algorithm: string, data: Uint8Array, key: unknown, signature: Uint8Array): boolean;
}
type NodeProcess = { getBuiltinModule?: (id: string) => unknown };

// process.getBuiltinModule reaches node:crypto without a static import, so bundlers for edge targets see no node: import.
// A runtime's compat layer may lack what core calls: then Web Crypto verifies.
const nodeCrypto = ((): NodeCrypto | undefined => {
  try {
    const found = (globalThis as { process?: NodeProcess }).process?.getBuiltinModule?.('node:crypto') as
      Partial<NodeCrypto> | undefined;
    return typeof found?.createPublicKey === 'function' && typeof found.verify === 'function'
      ? (found as NodeCrypto)
      : undefined;
  } catch {
    return undefined;
  }
})();
const encoder = new TextEncoder();

/** Which RS256 implementation verifies signatures: `node` (node:crypto) or `webcrypto`. */
export type SignatureBackend = 'auto' | 'webcrypto';

export async function importVerifyKey(jwk: JsonWebKey, backend: SignatureBackend = 'auto'): Promise<VerifyKey> {
  const kid = jwk.kid as string;
  const material = { kty: jwk.kty, n: jwk.n, e: jwk.e };
  // (A compat layer that cannot import a JWK leaves the key to Web Crypto, which refuses bad material alike.)
  const key = nodeCrypto && backend === 'auto' ? nodeKey(nodeCrypto, material) : undefined;
  if (nodeCrypto && key !== undefined) {
    const verifySync = (input: Uint8Array, signature: Uint8Array) => nodeCrypto.verify('sha256', input, key, signature);
    return { kid, verifySync, verify: async (input, signature) => verifySync(encoder.encode(input), signature) };
  }
  const webKey = await crypto.subtle.importKey(
    'jwk',
    { ...material, alg: 'RS256', ext: true },
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  return {
    kid,
    verify: (input, signature) =>
      crypto.subtle.verify('RSASSA-PKCS1-v1_5', webKey, signature as Uint8Array<ArrayBuffer>, encoder.encode(input)),
  };
}

function nodeKey(nodeCrypto: NodeCrypto, material: JsonWebKey): unknown {
  try {
    return nodeCrypto.createPublicKey({ key: material, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** True for an RSA signing key Cognito could have published; anything else in a JWKS is ignored. */
export function isUsableRsaKey(jwk: JsonWebKey): boolean {
  return (
    jwk.kty === 'RSA' &&
    typeof jwk.kid === 'string' &&
    typeof jwk.n === 'string' &&
    typeof jwk.e === 'string' &&
    (jwk.use === undefined || jwk.use === 'sig') &&
    (jwk.alg === undefined || jwk.alg === 'RS256')
  );
}
