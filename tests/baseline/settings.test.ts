import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineDrift } from '../../generator/baseline/drift.js';
import { diffSettings, effectiveSettings, showSettingChange } from '../../generator/parity/normalise.js';
import type { Baseline, BaselineInvocation } from '../../model/schema/baseline.js';

type Side = { argv: string[]; cwd?: string };
/** A command line compiling `src/x.nim`, spelled from `cwd`. */
const side = (argv: string[], cwd = '.'): Side => ({ argv: [...argv, 'c', posix.relative(cwd, 'src/x.nim')], cwd });
const diff = (a: Side, b: Side, root?: string) =>
  diffSettings(effectiveSettings(a.argv, { cwd: a.cwd, root }), effectiveSettings(b.argv, { cwd: b.cwd, root })).map(showSettingChange);

describe('effective settings: what is not drift', () => {
  const same: [string, Side, Side][] = [
    ['defines in another order', side(['-d:a', '-d:b']), side(['-d:b', '-d:a'])],
    ['a switch given twice is its last value', side(['--hints:on', '--hints:off']), side(['--hints:off'])],
    ['--passL as a multiset', side(['--passL:-lz', '--passL:-lm']), side(['--passL:-lm', '--passL:-lz'])],
    ['--passC as a multiset', side(['--passC:-O2', '--passC:-g']), side(['--passC:-g', '--passC:-O2'])],
    ['--path as a multiset', side(['--path:libs/x', '--path:libs/y']), side(['--path:libs/y', '--path:libs/x'])],
    ['--dynlibOverride in any order', side(['--dynlibOverride:ssl', '--dynlibOverride:pcre']), side(['--dynlibOverride:pcre', '--dynlibOverride:ssl'])],
    ['a relative --path resolved against the working directory', side(['--path:../../..//libs/x'], 'src/build-debug/ct'), side(['--path:libs/x'])],
    ['--path from the variant root', side(['--path:./../..//libs/x'], 'src/build-debug'), side(['--path:libs/x'])],
    ['an absolute --path under the root', side(['--path:/abs/root/libs/x']), side(['--path:libs/x'])],
    ['the source resolved against the working directory', side([], 'src/build-debug'), { argv: ['c', 'src/x.nim'] }],
    ['--out and --nimcache paths', side(['--out:a', '--nimcache:/tmp/a']), side(['--out:b', '--nimcache:/tmp/b'])],
  ];
  it.each(same)('%s', (_name, a, b) => expect(diff(a, b, '/abs/root')).toEqual([]));
});

describe('effective settings: each change, one line', () => {
  const cases: [string, Side, Side, string[]][] = [
    ['a removed define', side(['-d:a', '-d:nimOldCaseObjects']), side(['-d:a']), ['-d:nimOldCaseObjects removed']],
    ['an added define with a value', side([]), side(['-d:x=1']), ['-d:x=1 added']],
    ['a changed define value', side(['-d:x=1']), side(['-d:x=2']), ['-d:x: 1 -> 2']],
    ['a changed switch', side(['--mm:refc']), side(['--gc:orc']), ['--mm: refc -> orc']],
    ['the last value changes', side(['--hints:off']), side(['--hints:off', '--hints:on']), ['--hints: off -> on']],
    ['a --passL value added', side(['--passL:-lm']), side(['--passL:-lm', '--passL:-lz']), ['--passL:-lz added']],
    ['a repeated --passL counts', side(['--passL:-lz', '--passL:-lz']), side(['--passL:-lz']), ['--passL:-lz removed']],
    ['a --path that now points elsewhere', side(['--path:../../..//libs/x'], 'src/build-debug/ct'), side(['--path:../..//libs/x'], 'src/build-debug/ct'), ['--path:libs/x removed', '--path:src/libs/x added']],
    ['an absolute --path outside the root', side(['--path:/elsewhere/x']), side(['--path:libs/x']), ['--path:/elsewhere/x removed', '--path:libs/x added']],
    ['--link keeps its order', side(['--link:a.o', '--link:b.o']), side(['--link:b.o', '--link:a.o']), ['--link: a.o b.o -> b.o a.o']],
    ['the command', { argv: ['c', 'x.nim'] }, { argv: ['js', 'x.nim'] }, ['command: c -> js']],
    ['the source', { argv: ['c', 'x.nim'] }, { argv: ['c', 'y.nim'] }, ['source: x.nim -> y.nim']],
  ];
  it.each(cases)('%s', (_name, a, b, want) => expect(diff(a, b, '/abs/root')).toEqual(want));
});

describe('baselineDrift', () => {
  const ct: BaselineInvocation = {
    id: 'tup/debug/bin/ct', surface: 'tup', variant: 'debug', profile: 'debug', file: 'src/ct/Tupfile', line: 3, rule: '!nim_c', cwd: 'src/build-debug/ct',
    nim: 'nim', argv: ['-d:nimOldCaseObjects', '--mm:refc', '--path:../../..//libs/x', '--out:../bin/ct', 'c', 'main.nim'], output: '../bin/ct',
  };
  const baseline = (...invocations: BaselineInvocation[]): Baseline => ({ commit: 'abc1234', recordedWith: { tup: 'tup 0.7.11' }, invocations });

  it('is empty for the same recording, words reordered', () => {
    const reordered = { ...ct, argv: ['--path:../../..//libs/x', '--mm:refc', '-d:nimOldCaseObjects', '--out:../bin/ct', 'c', 'main.nim'] };
    expect(baselineDrift(baseline(ct), baseline(reordered))).toEqual({ changes: [], notes: [] });
  });

  it('names the artefact and each changed setting', () => {
    const changed = { ...ct, argv: ['--mm:orc', '--path:../../..//libs/x', '-d:ssl', '--out:../bin/ct', 'c', 'main.nim'] };
    expect(baselineDrift(baseline(ct), baseline(changed)).changes).toEqual([
      'tup/debug/bin/ct (src/ct/Tupfile:3): -d:nimOldCaseObjects removed',
      'tup/debug/bin/ct (src/ct/Tupfile:3): --mm: refc -> orc',
      'tup/debug/bin/ct (src/ct/Tupfile:3): -d:ssl added',
    ]);
  });

  it('reports added and removed invocations, the binary, the working directory and the output', () => {
    const js: BaselineInvocation = { id: 'just:justfile:1', surface: 'just', file: 'justfile', line: 5, cwd: '.', nim: 'nim', argv: ['--out:a.js', 'js', 'a.nim'], output: 'a.js' };
    const moved = { ...ct, nim: 'nim2', cwd: 'src/build-debug', argv: ['-d:nimOldCaseObjects', '--mm:refc', '--path:../..//libs/x', '--out:bin/ct2', 'c', 'ct/main.nim'] };
    expect(baselineDrift(baseline(ct, js), baseline(moved)).changes).toEqual([
      'tup/debug/bin/ct (src/ct/Tupfile:3): nim: nim -> nim2',
      'tup/debug/bin/ct (src/ct/Tupfile:3): cwd: src/build-debug/ct -> src/build-debug',
      'tup/debug/bin/ct (src/ct/Tupfile:3): output: src/build-debug/bin/ct -> src/build-debug/bin/ct2',
      'just:justfile:1: removed (was justfile:5)',
    ]);
  });

  it('notes what changes nothing built: the commit, the tup version, a moved rule', () => {
    const after: Baseline = { commit: 'def5678', recordedWith: { tup: 'tup 0.8' }, invocations: [{ ...ct, line: 9, rule: '!nim' }] };
    expect(baselineDrift(baseline(ct), after)).toEqual({
      changes: [],
      notes: ['commit: abc1234 -> def5678', 'tup: tup 0.7.11 -> tup 0.8', 'tup/debug/bin/ct: moved from src/ct/Tupfile:3 (!nim_c) to src/ct/Tupfile:9 (!nim)'],
    });
  });
});
