// The built @cognito-connect/core (dist/, not sources) loads from ESM and from CommonJS with the same API.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportsViaImport, exportsViaRequire } from '../../../../test-fixtures/support/load-built.js';

describe('built package', () => {
  it('exists (npm test builds before testing)', () => {
    expect(existsSync(new URL('../../dist/index.js', import.meta.url))).toBe(true);
    expect(existsSync(new URL('../../dist/index.cjs', import.meta.url))).toBe(true);
    expect(existsSync(new URL('../../dist/index.d.ts', import.meta.url))).toBe(true);
  });

  it('loads with import and require, exposing the same API', () => {
    const viaImport = exportsViaImport('@cognito-connect/core');
    const viaRequire = exportsViaRequire('@cognito-connect/core');
    for (const name of [
      'defineCognito',
      'createCognito',
      'createVerifier',
      'profileFromClaims',
      'safeRedirect',
      'CognitoTokenError',
      'seal',
      'unseal',
    ]) {
      expect(viaImport).toContain(name);
    }
    expect(viaRequire.filter((n) => n !== 'default')).toEqual(viaImport.filter((n) => n !== 'default'));
  });
});
