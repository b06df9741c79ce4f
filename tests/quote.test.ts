import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  justHostWord,
  justName,
  justWord,
  nimIdentifier,
  nimValue,
  nixIdentifier,
  nixIndentedBody,
  nixPhaseWord,
  nixString,
  oneLine,
  shellHostWord,
  shellJoin,
  shellName,
  shellPattern,
  shellQuote,
  tupConfigLine,
  tupMacro,
  tupPath,
  tupWord,
  yamlString,
} from '../generator/quote.js';
import { shlexSplit } from './support/tree.js';
import { parseYaml } from './support/yaml.js';

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

describe('words with placeholders', () => {
  const bash = (script: string, env: Record<string, string> = {}) =>
    JSON.parse(execFileSync('bash', ['-c', `set -u; ${script}`, 'script', 'first'], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } })) as unknown;
  const argv = (word: string, env: Record<string, string> = {}) => bash(`jq -cn '$ARGS.positional' --args -- ${word}`, env);

  it('are shell words whose placeholders are variables and whose literals stay literal', () => {
    expect(shellHostWord('plain $HOME')).toBe(`'plain $HOME'`);
    expect(argv(shellHostWord('${DIR}/a b/$(touch PWNED)`id`"\\${X'), { DIR: '/d' })).toEqual(['/d/a b/$(touch PWNED)`id`"\\${X']);
    expect(argv(shellHostWord('${1}/x'))).toEqual(['first/x']);
    expect(() => shellHostWord('${a.b}')).toThrow(/is not a shell variable name/);
  });

  it('are just words whose placeholders are recipe parameters', () => {
    expect(justHostWord('{{x}}')).toBe(`'{{"{{"}}x}}'`);
    expect(justHostWord('${output}/x')).toBe(`{{ quote(output + '/x') }}`);
    expect(() => justHostWord("${output}/it's")).toThrow(/cannot hold a single quote/);
  });

  it('are Nix phase words: Nix values interpolated, phase variables expanded by bash', () => {
    const word = nixPhaseWord("${nim.out}/bin/nim ${STAGE}'s ''$x\\ `id` \"${pkgs.a-b}");
    const text = JSON.parse(execFileSync('nix-instantiate', ['--eval', '--json', '-E', `let nim = { out = "/store/nim"; }; pkgs = { a-b = "/store/ab"; }; in ''${word}''`], { encoding: 'utf8' })) as string;
    expect(bash(`jq -cn '$ARGS.positional' --args -- ${text}`, { STAGE: 'a b' })).toEqual(["/store/nim/bin/nim a b's ''$x\\ `id` \"/store/ab"]);
    expect(() => nixPhaseWord('${let.x}')).toThrow(/is not a Nix identifier/);
  });
});

describe('syntax-checked words', () => {
  it('shell case patterns match their globs and nothing else', () => {
    for (const [glob, yes, no] of [['MINGW*', 'MINGW64_NT', 'XMINGW'], ['a b?', 'a bc', 'a  b'], ["it's*", "it's ok", 'its']] as const) {
      const run = (word: string) => execFileSync('bash', ['-c', `case $1 in ${shellPattern(glob)}) echo yes ;; *) echo no ;; esac`, 'x', word], { encoding: 'utf8' }).trim();
      expect([run(yes), run(no)], glob).toEqual(['yes', 'no']);
    }
  });

  it('Tup paths hold path characters, globs and the resolver\'s own variables only', () => {
    expect(tupPath('$(SRC_DIR)/public/*.[ch]')).toBe('$(SRC_DIR)/public/*.[ch]');
    expect(tupPath('bin/app$(EXE_SUFFIX)')).toBe('bin/app$(EXE_SUFFIX)');
    expect(tupPath('%B.css')).toBe('%B.css');
    for (const bad of ['a b', 'a;b', 'a|>b', '%o', 'a`b', '$(x)', 'a#b', '', "a'b"]) expect(() => tupPath(bad), bad).toThrow(/cannot be a Tup path/);
  });

  it('tup.config lines hold one line without leading or trailing blanks', () => {
    expect(tupConfigLine('CONFIG_DEBUG', 'a "b" # c')).toBe('CONFIG_DEBUG=a "b" # c');
    for (const bad of [' a', 'a ', 'a\nCONFIG_X=1', '"a']) expect(() => tupConfigLine('CONFIG_A', bad)).toThrow(/cannot be a tup.config value/);
    expect(() => tupConfigLine('DEBUG', '1')).toThrow(/is not a tup.config name/);
  });

  it('names are refused unless they are names of the syntax', () => {
    expect(nixIdentifier("node-modules'")).toBe("node-modules'");
    for (const bad of ['in', 'a.b', '1a', '']) expect(() => nixIdentifier(bad), bad).toThrow(/is not a Nix identifier/);
    expect(justName('build-ui')).toBe('build-ui');
    expect(() => justName('a.b')).toThrow(/is not a just recipe or parameter name/);
    expect(shellName('DIST_DIR')).toBe('DIST_DIR');
    expect(() => shellName('a-b')).toThrow(/is not a shell variable name/);
    expect(nimIdentifier('hintsOff')).toBe('hintsOff');
    expect(() => nimIdentifier('a__b')).toThrow(/is not a Nim identifier/);
    expect(tupMacro('!ct_copy')).toBe('!ct_copy');
    expect(() => tupMacro('!a |> b')).toThrow(/is not a Tup macro name/);
  });

  it('YAML strings read back unchanged', () => {
    const values = ['plain', 'a: b # c', '"\'\\', 'line\nbreak\r\t', '\u0085\u2028\u2029\u0000\u001b\u007f\u009f', "''", '${{ x }}'];
    expect(parseYaml(values.map((v) => `- ${yamlString(v)}`).join('\n'))).toEqual(values);
  });

  it('Nim literals of every value type', () => {
    expect(nimValue(true)).toBe('true');
    expect(nimValue(3)).toBe('3');
    expect(nimValue(['a', '"\n'])).toBe('@["a", "\\"\\x0a"]');
    expect(() => nimValue({})).toThrow(/has no Nim literal/);
  });

  it('one line of text: no control character, and in Tup no trailing backslash', () => {
    expect(oneLine('a # b', 'sh')).toBe('a # b');
    for (const bad of ['a\nb', 'a\rb', 'a\u0000', 'a\u2028b', 'a\u0085b', 'a\tb']) expect(() => oneLine(bad, 'sh'), JSON.stringify(bad)).toThrow(/is not one line of text/);
    expect(() => oneLine('a \\', 'tup')).toThrow(/would continue a Tup line/);
  });
});
