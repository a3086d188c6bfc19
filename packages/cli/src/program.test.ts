// Unit tests for the command line's argument handling: version, help, unknown input (parsed in-process, no spawning).
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { createProgram } from './program.js';

/** Parses argv with commander's exits and writes captured instead of ending the process. */
async function parse(args: string[]): Promise<{ out: string; err: string; exitCode: number | undefined }> {
  let out = '';
  let err = '';
  const program = createProgram();
  const capture = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
    for (const sub of command.commands) capture(sub);
  };
  capture(program);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { out, err, exitCode: undefined };
  } catch (error) {
    return { out, err, exitCode: (error as { exitCode?: number }).exitCode };
  }
}

describe('createProgram', () => {
  it('prints the package version', async () => {
    const result = await parse(['--version']);
    expect(result.out.trim()).toBe(packageJson.version);
    expect(result.exitCode).toBe(0);
  });

  it('lists every command in --help', async () => {
    const { out } = await parse(['--help']);
    for (const command of ['init', 'config', 'emulator', 'gateway', 'verify', 'doctor', 'playground']) {
      expect(out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('documents the playground defaults as the packaged demo, and Strapi only on request or in a Strapi app', async () => {
    const out = (await parse(['playground', '--help'])).out.replace(/\s+/g, ' ');
    expect(out).toContain('--strapi-dir <dir>');
    expect(out).toMatch(/demo logins shipped in this package/);
    expect(out).toMatch(/demo site shipped in this package/);
    expect(out).not.toContain('test-fixtures');
    expect(out).not.toContain('--exit-when-ready');
  });

  it('refuses an unknown command and an unknown option with a pointer to --help', async () => {
    const command = await parse(['frobnicate']);
    expect(command.exitCode).toBe(1);
    expect(command.err).toMatch(/unknown command 'frobnicate'/);
    const option = await parse(['playground', '--strapy']);
    expect(option.exitCode).toBe(1);
    expect(option.err).toMatch(/unknown option '--strapy'/);
    expect(option.err).toContain('(run with --help for usage)');
  });
});
