// The client half of Cognito's SRP for the benchmark, on OpenSSL's modular arithmetic so the client does not dominate.
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
// The group is public; the bench takes it from the server's module rather than typing 3072 bits twice.
import { N } from '../src/api/srp.js';

const pad = (v: bigint) => {
  const hex = v.toString(16).padStart(Math.ceil(v.toString(16).length / 2) * 2, '0');
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
};
const H = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const HH = (hex: string) => H(Buffer.from(hex, 'hex'));
const big = (hex: string) => BigInt(`0x${hex}`);
const buf = (v: bigint) => Buffer.from(pad(v), 'hex');
const k = big(HH(pad(N) + '02'));

function modPow(base: bigint, exp: bigint): bigint {
  const dh = createDiffieHellman(buf(N), Buffer.from([2]));
  dh.setPrivateKey(buf(exp));
  return base === 2n ? big(dh.generateKeys('hex')) : big(dh.computeSecret(buf(((base % N) + N) % N)).toString('hex'));
}

/** `SRP_A` and the function that answers the PASSWORD_VERIFIER challenge. */
export function srpClient(poolName: string, password: string) {
  const a = big(randomBytes(128).toString('hex'));
  const A = modPow(2n, a);
  return {
    srpA: A.toString(16),
    answer(params: Record<string, string>, now: string): Record<string, string> {
      const B = big(params.SRP_B!);
      const user = params.USER_ID_FOR_SRP!;
      const u = big(HH(pad(A) + pad(B)));
      const x = big(HH(pad(big(params.SALT!)) + H(`${poolName}${user}:${password}`)));
      const S = modPow((((B - k * modPow(2n, x)) % N) + N) % N, a + u * x);
      const key = Buffer.from(hkdfSync('sha256', buf(S), buf(u), Buffer.from('Caldera Derived Key'), 16));
      const message = Buffer.concat([
        Buffer.from(poolName + user),
        Buffer.from(params.SECRET_BLOCK!, 'base64'),
        Buffer.from(now),
      ]);
      return {
        USERNAME: user,
        PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK!,
        TIMESTAMP: now,
        PASSWORD_CLAIM_SIGNATURE: createHmac('sha256', key).update(message).digest('base64'),
      };
    },
  };
}

/** Cognito's `TIMESTAMP`: `Sun Nov 9 08:05:03 UTC 2026`. */
export function cognitoTimestamp(date = new Date()): string {
  const [day, dd, month, year, time] = date.toUTCString().replace(',', '').split(' ');
  return `${day} ${month} ${Number(dd)} ${time} UTC ${year}`;
}
