// Two RSA key pairs, like Cognito: one signs ID tokens, the other access tokens; both are published in the JWKS.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

export type TokenUse = 'id' | 'access';

/** What a `keys` file holds: private JWKs for both token kinds. Keep such a file out of git. */
interface KeyFile {
  readonly id: JWK;
  readonly access: JWK;
}

/** Cognito's kids are base64 of 32 bytes; ours look the same so kid-length assumptions get exercised. */
const newKid = (): string => randomBytes(32).toString('base64');

interface Generated {
  readonly key: SigningKey;
  /** The private JWK, for writing a keys file. */
  readonly jwk: JWK;
}

async function generate(): Promise<Generated> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const kid = newKid();
  const publicJwk = publishedJwk(kid, await exportJWK(publicKey));
  return {
    key: { kid, privateKey, publicKey, publicJwk },
    jwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' },
  };
}

/**
 * RSA generation takes ~300 ms a key on a small machine and test suites start many emulators, so a couple of
 * keys are generated ahead, in the background. Every emulator still gets keys no other emulator has.
 */
const SPARES = 2;
const spares: Promise<Generated>[] = [];

function freshKey(): Promise<Generated> {
  const key = spares.shift() ?? generate();
  while (spares.length < SPARES) {
    const spare = generate();
    spare.catch(() => {});
    spares.push(spare);
  }
  return key;
}

/** A new signing key no one else holds (used by the stand-in provider too). */
export const freshSigningKey = async (): Promise<SigningKey> => (await freshKey()).key;

/** Exactly the members Cognito publishes per key, in its order. */
function publishedJwk(kid: string, { e, n }: JWK): JWK {
  return { alg: 'RS256', e, kid, kty: 'RSA', n, use: 'sig' };
}

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const privateKey = (await importJWK({ ...jwk, alg: 'RS256' }, 'RS256')) as CryptoKey;
  const kid = jwk.kid ?? newKid();
  const publicJwk = publishedJwk(kid, jwk);
  return { kid, privateKey, publicKey: (await importJWK(publicJwk, 'RS256')) as CryptoKey, publicJwk };
}

/** The pool's current signing keys; rotation replaces both, so tokens signed before it stop verifying. */
export class KeyRing {
  private constructor(private keys: Record<TokenUse, SigningKey>) {}

  /**
   * Generates fresh keys, or loads them from `path` when given. A missing file at `path` is created
   * (mode 0600) so a playground keeps its keys across restarts.
   */
  static async create(path?: string): Promise<KeyRing> {
    if (path) {
      const stored = await readKeyFile(path);
      if (stored)
        return new KeyRing({ id: await fromPrivateJwk(stored.id), access: await fromPrivateJwk(stored.access) });
    }
    const [id, access] = await Promise.all([freshKey(), freshKey()]);
    if (path)
      await writeFile(path, JSON.stringify({ id: id.jwk, access: access.jwk } satisfies KeyFile, null, 2), {
        mode: 0o600,
      });
    return new KeyRing({ id: id.key, access: access.key });
  }

  signing(use: TokenUse): SigningKey {
    return this.keys[use];
  }

  /** The public key with `kid`, only if it signs tokens of `use`. */
  verifying(use: TokenUse, kid: string | undefined): SigningKey | undefined {
    const key = this.keys[use];
    return key.kid === kid ? key : undefined;
  }

  /** The JWKS document: `{ keys: [idKey, accessKey] }`. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.keys.id.publicJwk, this.keys.access.publicJwk] };
  }

  /** New key pairs with new kids; returns the new kids. */
  async rotate(): Promise<Record<TokenUse, string>> {
    const [id, access] = await Promise.all([freshKey(), freshKey()]);
    this.keys = { id: id.key, access: access.key };
    return { id: id.key.kid, access: access.key.kid };
  }
}

async function readKeyFile(path: string): Promise<KeyFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cause;
  }
  const parsed = JSON.parse(text) as Partial<KeyFile>;
  if (!parsed.id?.d || !parsed.access?.d)
    throw new Error(`${path} must hold { "id": <private RSA JWK>, "access": <private RSA JWK> }`);
  return parsed as KeyFile;
}
