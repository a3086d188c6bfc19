// Binding a single-use login code to the browser that started the login.
import { describe, expect, it } from 'vitest';
import { bindingChallenge, createBindingVerifier, isBindingChallenge, verifyBinding } from './binding.js';

describe('login code binding', () => {
  it('accepts the verifier whose challenge was stored, and only it', async () => {
    const verifier = createBindingVerifier();
    const challenge = await bindingChallenge(verifier);
    expect(isBindingChallenge(challenge)).toBe(true);
    await expect(verifyBinding(verifier, challenge)).resolves.toBeUndefined();
    await expect(verifyBinding(createBindingVerifier(), challenge)).rejects.toMatchObject({
      code: 'FLOW_BROWSER_MISMATCH',
    });
    await expect(verifyBinding(undefined, challenge)).rejects.toMatchObject({ code: 'FLOW_BROWSER_MISMATCH' });
    await expect(verifyBinding(verifier, undefined)).rejects.toMatchObject({ code: 'FLOW_BROWSER_MISMATCH' });
  });

  it('matches PKCE S256 (RFC 7636 appendix B)', async () => {
    expect(await bindingChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});
