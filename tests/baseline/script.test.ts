import { describe, expect, it } from 'vitest';
import { isNimProgram } from '../../generator/baseline/nim-command.js';
import { type ScriptCompile, scriptCompiles } from '../../generator/baseline/tup-script.js';

const script = (...lines: string[]) => ['#! /bin/sh -e', 'export tup_vardict="/tmp/s/src/tup-generate.vardict"', 'mkdir -p "bin"', ...lines, ''].join('\n');
const at = (dir: string, line: number, nim: string, ...argv: string[]): ScriptCompile => ({ dir, line, nim, argv });

describe('scriptCompiles: the nim compiles of a tup generate script', () => {
  const cases: [string, string, ScriptCompile[]][] = [
    ['a compile in the Tup root', script('(nim -d:x --out:a.js js a.nim)'), [at('.', 4, 'nim', '-d:x', '--out:a.js', 'js', 'a.nim')]],
    [
      'cd lines are relative to the directory before',
      script('cd "ct/sub"', '(nim c b.nim)', 'cd ".."', '(nim c a.nim)', 'cd "../frontend"', '(nim js c.nim)', 'cd ".."', '(nim js d.nim)'),
      [at('ct/sub', 5, 'nim', 'c', 'b.nim'), at('ct', 7, 'nim', 'c', 'a.nim'), at('frontend', 9, 'nim', 'js', 'c.nim'), at('.', 11, 'nim', 'js', 'd.nim')],
    ],
    ['quoted words lose their quotes', script(`(nim "--passC:-I/a b" '--out:x y' c a.nim)`), [at('.', 4, 'nim', '--passC:-I/a b', '--out:x y', 'c', 'a.nim')]],
    ['several commands in one rule', script('(cd x && nim c a.nim && echo "done")'), [at('.', 4, 'nim', 'c', 'a.nim')]],
    ['nim2 and nim-<version> are nim', script('(nim2 cpp a.nim)', '(/opt/nim-1.6.20/bin/nim-1.6.20 c b.nim)'), [at('.', 4, 'nim2', 'cpp', 'a.nim'), at('.', 5, '/opt/nim-1.6.20/bin/nim-1.6.20', 'c', 'b.nim')]],
    ['nim through env and a path', script('(env A=1 ../tools/nim c a.nim)'), [at('.', 4, '../tools/nim', 'c', 'a.nim')]],
    ['commands that do not compile', script('(nim check a.nim)', '(nim doc a.nim)', '(nimsuggest a.nim)', '(cp a b)', '(stylus a.styl -o a.css)'), []],
    ['redirections are the shell\'s', script('(nim c a.nim > log 2>&1)'), [at('.', 4, 'nim', 'c', 'a.nim')]],
  ];
  it.each(cases)('%s', (_name, text, want) => expect(scriptCompiles(text)).toEqual(want));

  it('refuses a cd out of the Tup root', () => expect(() => scriptCompiles(script('cd ".."', '(nim c a.nim)'))).toThrow('cd leaves the Tup root (..)'));
});

describe('isNimProgram', () => {
  const cases: [string, boolean][] = [
    ['nim', true], ['nim2', true], ['nim-2.0.8', true], ['/usr/bin/nim', true], ['${nim}/bin/nim', true], ['nim.exe', true],
    ['nimble', false], ['nimsuggest', false], ['nimpretty', false], ['nim-foo', false], ['cc', false],
  ];
  it.each(cases)('%s', (word, want) => expect(isNimProgram(word)).toBe(want));
});
