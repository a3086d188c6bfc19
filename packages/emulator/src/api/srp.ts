// Cognito's SRP-6a, server side: its 3072-bit group, its padding, its "Caldera Derived Key" HKDF and claim signature.
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 5054's 3072-bit prime, the group Cognito uses (generator 2). */
export const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;
const INFO = Buffer.from('Caldera Derived Key', 'utf8');

/** Cognito's padding: even-length hex, with `00` prepended when the top bit is set (a positive two's-complement). */
export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hexHash = (hex: string) => sha256Hex(Buffer.from(hex, 'hex'));
const toBig = (hex: string) => BigInt(`0x${hex}`);
const bytes = (value: bigint) => Buffer.from(padHex(value), 'hex');

const k = toBig(hexHash(padHex(N) + padHex(g)));

/** `base^exp mod N` through OpenSSL's Diffie-Hellman (fast), falling back to BigInt for degenerate bases. */
function modPow(base: bigint, exp: bigint): bigint {
  const b = ((base % N) + N) % N;
  if (b > 1n && b < N - 1n) {
    const dh = createDiffieHellman(bytes(N), bytes(g));
    dh.setPrivateKey(bytes(exp));
    return toBig(dh.computeSecret(bytes(b)).toString('hex'));
  }
  let result = 1n;
  let square = b;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * square) % N;
    square = (square * square) % N;
  }
  return result;
}

/** The server's half of one SRP exchange. */
export interface SrpServerStart {
  readonly salt: bigint;
  readonly b: bigint;
  readonly B: bigint;
  readonly A: bigint;
  /** The password's verifier under `salt`, kept for the claim check. */
  readonly v: bigint;
}

/** The SRP verifier of a password: `g^x mod N` with `x = H(salt | H(poolName | username ":" password))`. */
function verifier(poolName: string, username: string, password: string, salt: bigint): bigint {
  const x = toBig(hexHash(padHex(salt) + sha256Hex(`${poolName}${username}:${password}`)));
  return modPow(g, x);
}

/**
 * Answers `SRP_A` with a fresh salt and `B = k·v + g^b`; undefined when `A mod N` is 0 (an attack on SRP).
 * The emulator keeps plaintext passwords, so the verifier is derived per sign-in.
 */
export function startSrp(
  poolName: string,
  username: string,
  password: string,
  srpA: string,
): SrpServerStart | undefined {
  if (!/^[0-9a-f]+$/i.test(srpA)) return undefined;
  const A = toBig(srpA);
  if (A % N === 0n) return undefined;
  const salt = toBig(randomBytes(16).toString('hex'));
  const v = verifier(poolName, username, password, salt);
  let b: bigint;
  let B: bigint;
  do {
    b = toBig(randomBytes(128).toString('hex'));
    B = (k * v + modPow(g, b)) % N;
  } while (B === 0n);
  return { salt, b, B, A, v };
}

/** Cognito's `TIMESTAMP` format, e.g. `Sun Nov 9 08:05:03 UTC 2026` (day not zero-padded). */
const TIMESTAMP =
  /^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Milliseconds since the epoch of a `TIMESTAMP`, or undefined if it is not in Cognito's format. */
export function parseTimestamp(value: string): number | undefined {
  const m = TIMESTAMP.exec(value);
  if (!m) return undefined;
  const [, month, day, h, min, s, year] = m;
  return Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day), Number(h), Number(min), Number(s));
}

/**
 * Checks `PASSWORD_CLAIM_SIGNATURE`: HMAC-SHA256 under the HKDF-derived key over
 * `poolName | userIdForSrp | SECRET_BLOCK bytes | TIMESTAMP`.
 */
export function verifyPasswordClaim(
  start: SrpServerStart,
  claim: {
    poolName: string;
    userIdForSrp: string;
    secretBlock: string;
    timestamp: string;
    signature: string;
  },
): boolean {
  const { A, B, b, v } = start;
  const u = toBig(hexHash(padHex(A) + padHex(B)));
  if (u === 0n) return false;
  const S = modPow((A * modPow(v, u)) % N, b);
  const key = Buffer.from(hkdfSync('sha256', bytes(S), bytes(u), INFO, 16));
  const expected = createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(claim.poolName, 'utf8'),
        Buffer.from(claim.userIdForSrp, 'utf8'),
        Buffer.from(claim.secretBlock, 'base64'),
        Buffer.from(claim.timestamp, 'utf8'),
      ]),
    )
    .digest();
  const given = Buffer.from(claim.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `SRP_B` and `SALT` as Cognito sends them (hex). */
export const srpHex = (value: bigint): string => value.toString(16);
