// Signing keys: two per pool, rotation replaces both, and a keys file survives restarts.
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyRing } from './keys.js';

describe('KeyRing', () => {
  it('publishes one RS256 key per token kind, with base64 kids like Cognito’s', async () => {
    const ring = await KeyRing.create();
    const { keys } = ring.jwks();
    expect(keys.map((k) => Object.keys(k))).toEqual([
      ['alg', 'e', 'kid', 'kty', 'n', 'use'],
      ['alg', 'e', 'kid', 'kty', 'n', 'use'],
    ]);
    expect(keys[0]?.kid).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(keys[0]?.kid).not.toBe(keys[1]?.kid);
    expect(ring.verifying('access', ring.signing('access').kid)).toBeDefined();
    expect(ring.verifying('access', ring.signing('id').kid)).toBeUndefined();
  });

  it('rotates to new kids, forgetting the old ones', async () => {
    const ring = await KeyRing.create();
    const old = ring.signing('id').kid;
    const rotated = await ring.rotate();
    expect(rotated.id).not.toBe(old);
    expect(ring.verifying('id', old)).toBeUndefined();
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual([rotated.id, rotated.access]);
  });

  it('creates a private keys file (mode 0600) and loads the same keys from it', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'keys-')), 'keys.json');
    const first = await KeyRing.create(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toHaveProperty(['id', 'd']);
    const second = await KeyRing.create(path);
    expect(second.jwks()).toEqual(first.jwks());
  });
});
