// Option schemas shared by the targets, and the one place a zod failure becomes an error naming the option.
import { CognitoConfigError, parseHttpsUrl } from '@cognito-connect/core';
import { z } from 'zod';
import { OAuthConfigError } from './errors.js';

const ENV_VAR = /^[A-Z_][A-Z0-9_]{0,127}$/;
const LABEL = /^[\p{L}\p{N} ._()&'!?+@/-]{1,60}$/u;
const NAME = /^[a-z][a-z0-9_]{0,31}$/;
const GROUP = /^[\p{L}\p{N}_.@+:-]{1,128}$/u;

/** A string option that must be present; the message says what to give. */
export function requiredString(what: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `is required: ${what}.` : `expected ${what}.`) });
}

/** Options every target takes: how to write the secret, and the name users see on the sign-in button. */
export const commonOptions = {
  secrets: z
    .enum(['inline', 'env', 'placeholder'], { error: 'expected "inline", "env" or "placeholder".' })
    .default('inline')
    .describe(
      'inline writes the client secret; env writes a reference to secretEnvVar; placeholder writes REPLACE_WITH_<secretEnvVar>.',
    ),
  secretEnvVar: requiredString('an environment variable name such as COGNITO_CLIENT_SECRET')
    .regex(ENV_VAR, 'expected an environment variable name in capitals, such as COGNITO_CLIENT_SECRET.')
    .default('COGNITO_CLIENT_SECRET')
    .describe('The environment variable that holds the client secret (secrets: env / placeholder).'),
  label: requiredString('the sign-in button text')
    .regex(
      LABEL,
      "expected 1 to 60 letters, digits, spaces or ._()&'!?+@/- (it is written into several config syntaxes).",
    )
    .default('Cognito')
    .describe('The name on the sign-in button.'),
};

/** A lower-case identifier that ends up in URLs and config keys (e.g. GitLab's provider name). */
export function identifier(fallback: string, what: string) {
  return requiredString(what)
    .regex(NAME, 'expected a lower-case name of letters, digits and "_" (up to 32), starting with a letter.')
    .default(fallback)
    .describe(what);
}

/** A Cognito group name as it appears in `cognito:groups`. */
export const groupName = requiredString('a Cognito group name').regex(
  GROUP,
  'expected a group name of letters, digits and _.@+:- (no spaces, commas or quotes).',
);

/** An absolute http(s) URL, normalized without a trailing slash. */
function parseBaseUrl(raw: string, platform: string, example: string): string | string[] {
  const value = raw.trim();
  if (/^https?:\/*https?:?\/*/i.test(value)) return `the scheme is pasted twice; give it once, e.g. ${example}.`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    return `expected the full address of your ${platform} with https://, e.g. ${example}.`;
  let url: URL;
  try {
    // Core's one URL rule: https (http on loopback only), no credentials, query or fragment.
    url = parseHttpsUrl(platform, value, { what: `the address of your ${platform}`, noQuery: true });
  } catch (error) {
    if (error instanceof CognitoConfigError) return error.detail.problem ?? error.message;
    throw error;
  }
  return [url.origin + url.pathname.replace(/\/+$/, '')];
}

/** The platform's base URL option (`gitlabUrl`, ...): https (http on loopback only), no query, no trailing slash. */
export function baseUrl(platform: string, example: string) {
  return requiredString(`the address of your ${platform}, e.g. ${example}`)
    .transform((raw, ctx) => {
      const result = parseBaseUrl(raw, platform, example);
      if (typeof result === 'string') {
        ctx.issues.push({ code: 'custom', message: result, input: raw });
        return z.NEVER;
      }
      return result[0] as string;
    })
    .describe(`The address of your ${platform}, e.g. ${example}.`);
}

/** A list of absolute URLs (extra callback or sign-out URLs). */
export function urlList(what: string) {
  return z
    .array(baseUrl(what, 'https://app.example.com/callback'), { error: `expected a list of URLs (${what}).` })
    .default([]);
}

function optionName(issue: z.core.$ZodIssue): string {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  return path.length ? path.map(String).join('.') : 'options';
}

function optionMessage(issue: z.core.$ZodIssue, known: string[]): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.path.length
      ? `is not an allowed key here (${issue.keys.join(', ')}); see the option's description.`
      : `unknown option; this target takes ${known.join(', ')}.`;
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0) return 'expected an object of options.';
  return issue.message;
}

/** Validates options against a target's schema; throws OAuthConfigError naming the first bad option. */
export function parseOptions<S extends z.ZodObject>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  throw new OAuthConfigError('OPTION_INVALID', optionName(issue), optionMessage(issue, Object.keys(schema.shape)));
}
