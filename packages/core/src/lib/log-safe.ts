// Text that quotes request input (an OAuth error name, a parameter) is made safe for one log line here, once.

// ANSI/VT escape sequences (CSI, OSC and single-character escapes), then any remaining control character.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-_])|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes untrusted text safe to quote in an error message or log line: ANSI escape sequences and control characters
 * (newlines, carriage returns, bidi overrides) are removed and the result is cut to `maxLength` characters.
 * Core applies it to everything it quotes from a request; adapters need not repeat it.
 *
 * @example
 * ```ts
 * import { logSafe } from '@cognito-connect/core';
 * logSafe('x\n[info] admin login OK\u001b[31m'); // 'x[info] admin login OK'
 * ```
 */
export function logSafe(value: unknown, maxLength = 64): string {
  const text = String(value ?? '')
    .replace(ESCAPES, '')
    .replace(CONTROLS, '');
  return text.length > maxLength ? `${text.slice(0, maxLength - 3)}...` : text;
}
