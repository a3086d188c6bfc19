// Reads the fields of an API request body with Cognito's validation messages, so handlers stay declarative.
import { invalidParameter } from './errors.js';

/** The parsed JSON body of one API call. */
export type Body = Record<string, unknown>;

/** A required string member, e.g. `Username`; a missing one fails as AWS's validation does. */
export function required(body: Body, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '')
    throw invalidParameter(
      `1 validation error detected: Value at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

/** An optional string member. */
export function optional(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${name} must be a string`);
  return value;
}

/** A string-to-string map such as `AuthParameters` or `ChallengeResponses` (empty when absent). */
export function stringMap(body: Body, name: string): Record<string, string> {
  const value = body[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter(`${name} must be a map of strings`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

/** `[{ Name, Value }]` lists (`UserAttributes`, `ValidationData`) as a record. */
export function attributeList(body: Body, name: string): Record<string, string> {
  const value = body[name];
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value)) throw invalidParameter(`${name} must be a list of { Name, Value }`);
  const out: Record<string, string> = {};
  for (const item of value as { Name?: unknown; Value?: unknown }[]) {
    if (typeof item?.Name !== 'string') throw invalidParameter(`${name}: every entry needs a Name`);
    out[item.Name] = typeof item.Value === 'string' ? item.Value : '';
  }
  return out;
}

/** A list of strings (`UserAttributeNames`). */
export function stringList(body: Body, name: string): string[] {
  const value = body[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw invalidParameter(`${name} must be a list of strings`);
  return value as string[];
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
