// How the CLI talks: colour only on a terminal (and never with NO_COLOR), JSON for scripts, checklists for doctor.
import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

/** Where a command writes: lines, errors (stderr) and, with `--json`, one JSON document; `paint` colours on a terminal only. */
export interface Output {
  json: boolean;
  color: boolean;
  paint(style: Style, text: string): string;
  line(text?: string): void;
  error(text: string): void;
  data(value: unknown): void;
}

/**
 * The output of one command: colour only on a terminal (never with `NO_COLOR` or `TERM=dumb`), JSON with `json`.
 *
 * @example
 * ```ts
 * const out = createOutput({ json: false });
 * out.line(out.paint('green', '✓ ready'));
 * ```
 */
export function createOutput(options: { json?: boolean; stream?: NodeJS.WriteStream } = {}): Output {
  const stream = options.stream ?? process.stdout;
  const color = Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const paint = (style: Style, text: string) => (color ? styleText(style, text) : text);
  return {
    json: Boolean(options.json),
    color,
    paint,
    line: (text = '') => void stream.write(`${text}\n`),
    error: (text) => void process.stderr.write(`${color ? styleText('red', text) : text}\n`),
    data: (value) => void stream.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}

/** One line of a checklist: what was checked, whether it passed, and (on failure) the fix. */
export interface CheckLine {
  check: string;
  ok: boolean;
  detail: string;
  fix?: string | undefined;
}

/**
 * Prints a titled checklist (✓/✗ per line, the fix under each failure) and a closing count.
 *
 * @example
 * ```ts
 * printChecklist(out, 'doctor', [{ check: 'jwks', ok: false, detail: 'HTTP 404', fix: 'check the user pool ID' }]);
 * ```
 */
export function printChecklist(out: Output, title: string, checks: CheckLine[]): void {
  out.line(out.paint('bold', title));
  for (const c of checks) {
    out.line(`  ${c.ok ? out.paint('green', '✓') : out.paint('red', '✗')} ${c.check.padEnd(34)} ${c.detail}`);
    if (!c.ok && c.fix) out.line(`    ${out.paint('yellow', 'fix:')} ${c.fix}`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  out.line(
    failed
      ? out.paint('red', `${failed} of ${checks.length} checks failed`)
      : out.paint('green', `all ${checks.length} checks passed`),
  );
}

/**
 * A fixed-width table for terminal summaries.
 *
 * @example
 * ```ts
 * table([['issuer', emulator.issuer], ['jwks', emulator.jwksUrl]]);
 * ```
 */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * Prints a user's mistake as one line (`message (CODE)`), or as `{ error: { code, message } }` with --json.
 *
 * @example
 * ```ts
 * try { await readConfigFile(); } catch (error) { if (error instanceof ConfigFileError) reportUserError(out, error); }
 * ```
 */
export function reportUserError(out: Output, error: Error & { code?: string }): void {
  if (out.json) out.data({ error: { code: error.code ?? error.name, message: error.message } });
  else out.error(`${error.message}${error.code ? ` (${error.code})` : ''}`);
}
