// HCL (Terraform) blocks with strings escaped so `${` and `%{` stay literal text.

/** An HCL quoted string that evaluates to exactly `s` (no interpolation or template directives). */
export function hclString(s: string): string {
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // eslint-disable-next-line no-control-regex -- control characters are what must be escaped
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    // Function replacers: in a replacement string "$$" would itself mean "$".
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
  return `"${escaped}"`;
}

export type HclValue = string | number | boolean | string[] | { expression: string };

function hclValue(value: HclValue): string {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(hclString).join(', ')}]`;
  return value.expression;
}

/** One block, attributes aligned as `terraform fmt` aligns them. Undefined attributes are left out. */
export function hclBlock(type: string, labels: string[], attributes: Record<string, HclValue | undefined>): string {
  const entries = Object.entries(attributes).filter((e): e is [string, HclValue] => e[1] !== undefined);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  const lines = entries.map(([k, v]) => `  ${k.padEnd(width)} = ${hclValue(v)}`);
  return `${type} ${labels.map(hclString).join(' ')} {\n${lines.join('\n')}\n}\n`;
}
