// Unit tests for the CLI's output: colour only on a terminal without NO_COLOR, JSON for scripts, tables and checklists.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOutput, printChecklist, table } from './output.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

afterEach(() => vi.unstubAllEnvs());

describe('createOutput', () => {
  it('paints on a terminal, and not into a pipe or with NO_COLOR', () => {
    vi.stubEnv('NO_COLOR', '');
    vi.stubEnv('TERM', 'xterm');
    expect(createOutput({ stream: fakeStream(true).stream }).color).toBe(true);
    expect(createOutput({ stream: fakeStream(false).stream }).color).toBe(false);
    expect(createOutput({ stream: fakeStream(false).stream }).paint('red', 'x')).toBe('x');
    vi.stubEnv('TERM', 'dumb');
    expect(createOutput({ stream: fakeStream(true).stream }).color).toBe(false);
    vi.stubEnv('TERM', 'xterm');
    vi.stubEnv('NO_COLOR', '1');
    expect(createOutput({ stream: fakeStream(true).stream }).color).toBe(false);
    expect(createOutput({ stream: fakeStream(true).stream }).paint('red', 'x')).toBe('x');
  });

  it('writes lines and pretty JSON to its stream', () => {
    const { stream, text } = fakeStream(false);
    const out = createOutput({ json: true, stream });
    out.line('hello');
    out.data({ a: 1 });
    expect(out.json).toBe(true);
    expect(text()).toBe('hello\n{\n  "a": 1\n}\n');
  });
});

describe('table', () => {
  it('pads every column to its widest cell and trims line ends', () => {
    expect(
      table([
        ['what', 'where'],
        ['emulator', 'http://x'],
        ['a', ''],
      ]),
    ).toBe('what      where\nemulator  http://x\na');
  });
});

describe('printChecklist', () => {
  it('marks each check, gives the fix only for failures, and counts them', () => {
    const { stream, text } = fakeStream(false);
    printChecklist(createOutput({ stream }), 'doctor', [
      { check: 'discovery', ok: true, detail: 'ok', fix: 'never shown' },
      { check: 'jwks', ok: false, detail: 'HTTP 500', fix: 'check the pool' },
    ]);
    expect(text()).toContain('✓ discovery');
    expect(text()).toContain('✗ jwks');
    expect(text()).toContain('fix: check the pool');
    expect(text()).not.toContain('never shown');
    expect(text()).toContain('1 of 2 checks failed');
  });
});
