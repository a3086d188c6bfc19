// Shell quoting choices: bare, single-quoted, double-quoted env values, and command layout.
import { expect, test } from 'vitest';
import { SecretValue } from '../secrets.js';
import { envFileWord, flagEquals, shellCommand, shellWord } from './shell.js';

test('shellWord leaves safe words bare and single-quotes the rest', () => {
  expect(shellWord('https://a.example/x?y=1')).toBe("'https://a.example/x?y=1'");
  expect(shellWord('eu-west-1_AbC123xyZ')).toBe('eu-west-1_AbC123xyZ');
  expect(shellWord('')).toBe("''");
  expect(shellWord('=x')).toBe("'=x'");
  expect(shellWord("it's")).toBe("'it'\\''s'");
});

test('envFileWord prefers double quotes for values with single quotes and nothing a shell expands', () => {
  expect(envFileWord(`contains(to_array("g"), 'a') && 'Admin'`)).toBe(`"contains(to_array(\\"g\\"), 'a') && 'Admin'"`);
  expect(envFileWord("it's $HOME")).toBe("'it'\\''s $HOME'");
});

test('shellCommand: one line per group; secrets as "$VAR" in env mode', () => {
  const secret = new SecretValue('env', 'MY_SECRET');
  expect(shellCommand([['tool', 'run'], ['--name', 'a b'], [], [flagEquals('--secret', secret)]])).toBe(
    `tool run \\\n  --name 'a b' \\\n  --secret="$MY_SECRET"`,
  );
  expect(() => flagEquals('-x', 'v')).toThrow(/not a long option/);
});
