// Each format's escaping helper, checked by the interpreter or parser that will read it: Ruby, Python, Node, sh, Psych,
// hcl2json, npm ini. A string goes in, the reader must hand back exactly that string.
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseIni } from 'ini';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { hclString } from '../src/formats/hcl.js';
import { iniValue } from '../src/formats/ini.js';
import { javascriptLiteral } from '../src/formats/javascript.js';
import { pythonLiteral } from '../src/formats/python.js';
import { rubyLiteral } from '../src/formats/ruby.js';
import { shellWord, writeEnvFile } from '../src/formats/shell.js';
import { toYaml } from '../src/formats/yaml.js';
import { importModule, sourceEnvFile } from './support/parsers.js';
import { pythonReady, rubyReady, run, shReady } from './support/tools.js';

const TRICKY = [
  'plain',
  '',
  `with "double" and 'single' quotes`,
  "it's",
  'back\\slash \\n \\\\',
  '#{interpolation} #$global #@ivar # comment ; semicolon',
  '${shell} $HOME `cmd` $(cmd) !bang',
  '%{directive} ${template} $${kept}',
  'new\nline\ttab\rreturn',
  'unicode: é ü 日本 🚀',
  'control \u0001 \u001f \u007f',
  ' leading and trailing ',
  '=starts-with-equals',
  '~tilde *glob? [a] {b,c} -dash',
  // YAML 1.1 readers (Psych, go-yaml v2) turn these into non-strings unless they are quoted.
  'yes',
  'on',
  'No',
  '2010-09-09',
  '0777',
  '1e3',
  'null',
  '~',
  'a: b',
  '- item',
];

/** What YAML can carry: everything but DEL and friends, which toYaml refuses (tested below). */
const YAML_SAFE = TRICKY.map((s) => s.replace(/\u007f/g, ''));

describe.runIf(rubyReady())('Ruby reads rubyLiteral back', () => {
  test('strings (interpolation stays literal) inside arrays and hashes', () => {
    const value = { list: TRICKY, nested: { 'key "with" #{x}': TRICKY[5], flag: true, none: null, n: 3 } };
    const out = run('ruby', ['-rjson', '-e', 'puts JSON.generate(eval($stdin.read))'], { input: rubyLiteral(value) });
    expect(JSON.parse(out)).toEqual(value);
  });

  test('Psych (GitLab reads gitlab.yml with it) reads toYaml back as strings', () => {
    const out = run('ruby', ['-ryaml', '-rjson', '-e', 'puts JSON.generate(YAML.safe_load($stdin.read))'], {
      input: toYaml({ list: YAML_SAFE }),
    });
    expect(JSON.parse(out)).toEqual({ list: YAML_SAFE });
  });
});

describe.runIf(pythonReady())('Python reads pythonLiteral back', () => {
  test('ast.literal_eval', () => {
    const value = { list: TRICKY, flags: [true, false, null], n: 3 };
    const out = run('python3', ['-c', 'import ast, json, sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))'], {
      input: pythonLiteral(value),
    });
    expect(JSON.parse(out)).toEqual(value);
  });
});

test('Node reads javascriptLiteral back', async () => {
  const value = { list: TRICKY, flags: [true, false, null] };
  expect((await importModule(`export default ${javascriptLiteral(value)};`)).default).toEqual(value);
});

describe('YAML', () => {
  test('the yaml library (YAML 1.1) reads toYaml back', () => {
    expect(parseYaml(toYaml({ list: YAML_SAFE }), { version: '1.1' })).toEqual({ list: YAML_SAFE });
  });

  test('characters the library would write raw and readers reject are refused, naming the path', () => {
    expect(() => toYaml({ a: { b: ['ok', 'del \u007f'] } })).toThrow(
      expect.objectContaining({ code: 'VALUE_NOT_REPRESENTABLE', option: 'a.b.1' }),
    );
    expect(() => toYaml({ s: 'line\u2028separator' })).toThrow(/line-separator/);
  });
});

describe.runIf(shReady())('sh reads shell words and env files back', () => {
  test('shellWord: each string arrives as one argument', () => {
    const out = run('sh', ['-c', `printf '%s\\0' ${TRICKY.map(shellWord).join(' ')}`]);
    expect(out.split('\0').slice(0, -1)).toEqual(TRICKY);
  });

  test('writeEnvFile: each value is set exactly', async () => {
    const entries = TRICKY.map((v, i) => [`V${i}`, v] as [string, string]);
    const vars = await sourceEnvFile(writeEnvFile(entries));
    expect(entries.map(([k]) => vars[k])).toEqual(TRICKY);
  });
});

test('hcl2json reads hclString back (template escapes $${ and %%{ are literal ${ and %{)', async () => {
  // hcl2json answers in Terraform's JSON syntax, where a literal ${ is again written $${; a source string that already
  // contains "$${" cannot be told apart there, so it is left out of this round trip.
  const strings = TRICKY.filter((s) => !s.includes('$${'));
  const source = strings.map((s, i) => `v${i} = ${hclString(s)}`).join('\n');
  const parsed = (await parseHcl('strings.tf', source)) as Record<string, string>;
  const literal = (s: string) => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  expect(strings.map((_, i) => literal(parsed[`v${i}`] as string))).toEqual(strings);
  expect(hclString('$${kept}')).toBe('"$$${kept}"');
});

describe('INI values', () => {
  const env = (name: string) => `$__env{${name}}`;

  test('values INI can carry are read back by npm ini exactly', () => {
    const carried = TRICKY.filter((s) => !/[#;\\\r\n\0]|\$__|\$\{/.test(s) && !/^(["']).*\1$/.test(s.trim()));
    expect(carried.length).toBeGreaterThan(15);
    for (const s of carried) {
      // npm ini turns true/false/null into JSON values; Grafana's go-ini keeps strings, and so does String().
      expect(String(parseIni(`[s]\nk = ${iniValue('k', s, env)}\n`).s.k), JSON.stringify(s)).toBe(s);
    }
  });

  test('values that go-ini would cut or expand are refused, naming the key', () => {
    for (const s of ['a # comment', 'a ; b', 'multi\nline', 'uses ${VAR}', 'uses $__env{X}', 'back\\slash']) {
      expect(() => iniValue('client_id', s, env)).toThrow(
        expect.objectContaining({ code: 'VALUE_NOT_REPRESENTABLE', option: 'client_id' }),
      );
    }
    expect(() => iniValue('name', ' "quoted" ', env)).toThrow(/INI readers disagree/);
  });
});
