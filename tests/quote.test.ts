import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { justWord, nixIndentedBody, nixString, shellJoin, shellQuote, tupWord } from '../generator/quote.js';
import { shlexSplit } from './support/tree.js';

describe('shellQuote', () => {
  const cases: [string, string, string][] = [
    ['plain switch', '-d:ssl', '-d:ssl'],
    ['brackets', '--hint[CC]:off', "'--hint[CC]:off'"],
    ['empty', '', "''"],
    ['space', 'a b', "'a b'"],
    ['single quote', "it's", "'it'\\''s'"],
    ['dollar', '${out}', "'${out}'"],
    ['newline', 'a\nb', "'a\nb'"],
  ];
  it.each(cases)('%s', (_name, given, want) => expect(shellQuote(given)).toBe(want));

  it('round-trips through shlex for hostile words', () => {
    const words = ['-d:x=a b', "'", '"', '\\', '$(rm -rf /)', '`id`', '*', 'a\tb', '--passL:-Wl,-Bstatic -lsqlite3', 'ü'];
    expect(shlexSplit(shellJoin(words))).toEqual(words);
  });
});

describe('other syntaxes', () => {
  it('escapes Nix strings', () => {
    expect(nixString('a"b\\c${d}\n')).toBe('"a\\"b\\\\c\\${d}\\n"');
    for (const value of ["x''y${z}", "a'${b}", "ends with '", "'''", '$${x}', 'plain']) {
      for (const nix of [`''${nixIndentedBody(value)}''`, nixString(value)]) {
        expect(JSON.parse(execFileSync('nix-instantiate', ['--eval', '--json', '-E', nix], { encoding: 'utf8' })), nix).toBe(value);
      }
    }
  });
  it('refuses Tup syntax inside a literal word', () => {
    expect(tupWord('-d:x')).toBe('-d:x');
    expect(() => tupWord('100%')).toThrow(/contains Tup syntax/);
    expect(() => tupWord('$(X)')).toThrow(/contains Tup syntax/);
  });
  it("doubles just's interpolation braces", () => {
    expect(justWord('{{x}}')).toBe(`'{{"{{"}}x}}'`);
  });
});
