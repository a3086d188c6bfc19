// `cognito-connect verify <token>`: verifies a token against a pool and prints its verified claims, or exactly why it fails.
import { CliError } from '../errors.js';
import { readFile } from 'node:fs/promises';
import { CognitoError, type JsonWebKey, type TokenUse, createVerifier, profileFromClaims } from '@cognito-connect/core';
import { readConfigFile, settingsFromConfig } from '../config-file.js';
import type { Output } from '../output.js';

/** The options of `cognito-connect verify` (the pool from `--pool` or the settings file, and what to require). */
export interface VerifyFlags {
  config?: string;
  pool?: string;
  clientId?: string[];
  tokenUse?: 'id' | 'access' | 'any';
  issuer?: string;
  jwksFile?: string;
  groups?: string[];
  scopes?: string[];
  at?: string;
}

/**
 * `cognito-connect verify <token>`: verifies the token with core and prints its claims, or the error code and claim
 * that failed. Resolves to 0 for a valid token, 1 otherwise.
 *
 * @example
 * ```ts
 * process.exitCode = await runVerify(token, { pool: 'eu-west-1_AbC123xyZ', tokenUse: 'access' }, createOutput({ json: true }));
 * ```
 */
export async function runVerify(token: string, flags: VerifyFlags, out: Output): Promise<number> {
  let pool = flags.pool;
  let clientIds = flags.clientId;
  let issuer = flags.issuer;
  if (!pool) {
    const settings = settingsFromConfig(await readConfigFile(flags.config), { secretsNeeded: false });
    pool = settings.userPoolId;
    clientIds ??= [settings.clientId];
    issuer ??= settings.issuer;
  }
  const jwks = flags.jwksFile
    ? (JSON.parse(await readFile(flags.jwksFile, 'utf8')) as { keys: JsonWebKey[] })
    : undefined;
  const tokenUse: TokenUse | null = flags.tokenUse === 'any' || flags.tokenUse === undefined ? null : flags.tokenUse;
  const verifier = createVerifier({
    userPoolId: pool,
    clientId: clientIds && clientIds.length ? clientIds : null,
    tokenUse,
    ...(issuer ? { issuer } : {}),
    ...(jwks ? { jwks } : {}),
    ...(flags.groups?.length ? { groups: flags.groups } : {}),
    ...(flags.scopes?.length ? { scopes: flags.scopes } : {}),
  });
  const restore = freezeClock(flags.at);
  try {
    const claims = await verifier.verify(token.trim());
    const profile = profileFromClaims(claims);
    if (out.json) out.data({ valid: true, claims, profile });
    else {
      out.line(
        `${out.paint('green', '✓ valid')} ${claims.token_use} token for ${profile.username} (sub ${profile.sub})`,
      );
      if (!clientIds?.length)
        out.line(out.paint('yellow', '  note: no --client-id given, so any app client of the pool was accepted'));
      out.line(JSON.stringify(claims, null, 2));
    }
    return 0;
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    const claim = (error as { claim?: string }).claim;
    if (out.json) out.data({ valid: false, code: error.code, message: error.message, ...(claim ? { claim } : {}) });
    else out.error(`✗ invalid: ${error.code}${claim ? ` (${claim})` : ''}\n  ${error.message}`);
    return 1;
  } finally {
    restore();
  }
}

/** `--at 2020-03-25T22:00:00Z` checks a token as of that moment (debugging an old token); the signature is checked all the same. */
function freezeClock(at: string | undefined): () => void {
  if (!at) return () => undefined;
  const when = Number.isNaN(Number(at)) ? Date.parse(at) : Number(at) * 1000;
  if (Number.isNaN(when)) throw new CliError('CLI_USAGE', `--at: expected an ISO date or epoch seconds; got "${at}".`);
  const realNow = Date.now;
  Date.now = () => when;
  return () => {
    Date.now = realNow;
  };
}
