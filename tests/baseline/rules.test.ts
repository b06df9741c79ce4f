import { describe, expect, it } from 'vitest';
import { findRule, type RuleLocation } from '../../generator/baseline/tupfile-rules.js';

const linux = new Map([['TUP_PLATFORM', 'linux'], ['DEBUG', '1']]);
const win32 = new Map([['TUP_PLATFORM', 'win32'], ['DEBUG', '1']]);
const files = (tupfile: string, more: Record<string, string> = {}) => (path: string) => ({ 'src/ct/Tupfile': tupfile, ...more })[path];

describe('findRule: the Tupfile rule behind a compile', () => {
  const cases: [string, string, { source: string; output?: string; config?: Map<string, string> }, RuleLocation | undefined, Record<string, string>?][] = [
    ['by the source file name', 'include_rules\n: a.nim |> !nim_c |> ../bin/a\n: b.nim |> !nim_c |> ../bin/b\n', { source: 'b.nim' }, { file: 'src/ct/Tupfile', line: 3, macro: '!nim_c' }],
    ['a source in a subdirectory', ': frontend/index.nim |> !nim_js |> index.js\n', { source: 'frontend/index.nim' }, { file: 'src/ct/Tupfile', line: 1, macro: '!nim_js' }],
    [
      'one source, two rules: the output decides',
      ': index.nim |> !nim_node |> index.js | index.js.map\n: index.nim |> !nim_server |> server_index.js\n',
      { source: 'index.nim', output: 'server_index.js' },
      { file: 'src/ct/Tupfile', line: 2, macro: '!nim_server' },
    ],
    ['an output with a variable', ': a.nim |> !nim_c |> ../bin/a$(EXE_SUFFIX)\n: a.nim |> !other |> ../bin/other\n', { source: 'a.nim', output: '../bin/a.exe' }, { file: 'src/ct/Tupfile', line: 1, macro: '!nim_c' }],
    ['a foreach glob and %B', ': foreach *.nim |> !nim_c |> ../bin/%B\n', { source: 'tool.nim', output: '../bin/tool' }, { file: 'src/ct/Tupfile', line: 1, macro: '!nim_c' }],
    ['a command spelled out, after a display text', ': a.nim |> ^ NIM %f^ nim c --out:%o %f |> a\n', { source: 'a.nim' }, { file: 'src/ct/Tupfile', line: 1 }],
    ['a rule continued over lines starts at its first', '# c\n: a.nim \\\n  |> !nim_c \\\n  |> a\n', { source: 'a.nim' }, { file: 'src/ct/Tupfile', line: 2, macro: '!nim_c' }],
    ['order-only inputs do not name the source', ': x.nim | a.nim |> !x |> x\n: a.nim |> !a |> a\n', { source: 'a.nim' }, { file: 'src/ct/Tupfile', line: 2, macro: '!a' }],
    [
      'the branch the variant config rules in (linux)',
      'ifeq (@(TUP_PLATFORM),win32)\n: a.nim |> !nim_win |> a\nelse\n: a.nim |> !nim_c |> a\nendif\n',
      { source: 'a.nim' },
      { file: 'src/ct/Tupfile', line: 4, macro: '!nim_c' },
    ],
    [
      'the branch the variant config rules in (win32)',
      'ifeq (@(TUP_PLATFORM),win32)\n: a.nim |> !nim_win |> a\nelse\n: a.nim |> !nim_c |> a\nendif\n',
      { source: 'a.nim', config: win32 },
      { file: 'src/ct/Tupfile', line: 2, macro: '!nim_win' },
    ],
    ['ifneq and ifdef', 'ifneq (@(DEBUG),1)\n: a.nim |> !release |> a\nendif\nifdef DEBUG\n: a.nim |> !debug |> a\nendif\n', { source: 'a.nim' }, { file: 'src/ct/Tupfile', line: 5, macro: '!debug' }],
    ['a condition on a Tup variable is not decided, so its rules count', 'ifeq ($(X),1)\n: a.nim |> !maybe |> a\nendif\n', { source: 'a.nim' }, { file: 'src/ct/Tupfile', line: 2, macro: '!maybe' }],
    ['a rule in an included file', 'include nim.tup\n', { source: 'a.nim' }, { file: 'src/ct/nim.tup', line: 2, macro: '!nim_c' }, { 'src/ct/nim.tup': '# rules\n: a.nim |> !nim_c |> a\n' }],
    ['no rule names the source', ': b.nim |> !nim_c |> b\n', { source: 'a.nim' }, undefined],
  ];
  it.each(cases)('%s', (_name, tupfile, query, want, more) =>
    expect(findRule(files(tupfile, more), 'src/ct/Tupfile', { config: linux, ...query })).toEqual(want));
});
