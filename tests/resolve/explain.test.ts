import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { overriddenSwitches } from '../../generator/parity/normalise.js';
import { editedFixture, lineDirOff } from '../support/surface-fixture.js';
import { tempDir } from '../support/tree.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'ct-gen.js');

describe('overriddenSwitches: which switch a later one decides', () => {
  const cases: [string, string[], [number, { all: boolean; settings: { setting: string; wins: string; by: number; sameValue: boolean }[] }][]][] = [
    ['the later value wins', ['--lineDir:on', '--lineDir:off'], [[0, { all: true, settings: [{ setting: '--lineDir:on', wins: '--lineDir:off', by: 1, sameValue: false }] }]]],
    ['the last of three decides', ['--hints:on', '--hints:off', '--hints:on'], [
      [0, { all: true, settings: [{ setting: '--hints:on', wins: '--hints:on', by: 2, sameValue: true }] }],
      [1, { all: true, settings: [{ setting: '--hints:off', wins: '--hints:on', by: 2, sameValue: false }] }],
    ]],
    ['spellings nim reads alike', ['--gc:refc', '--mm:orc', '-d:ssl', '--define:SSL'], [
      [0, { all: true, settings: [{ setting: '--mm:refc', wins: '--mm:orc', by: 1, sameValue: false }] }],
      [2, { all: true, settings: [{ setting: '-d:ssl', wins: '-d:SSL', by: 3, sameValue: true }] }],
    ]],
    ['--sourcemap turns --lineDir on', ['--lineDir:off', '--sourcemap:on'], [[0, { all: true, settings: [{ setting: '--lineDir:off', wins: '--lineDir:on', by: 1, sameValue: false }] }]]],
    ['a later --lineDir overrides part of --sourcemap', ['--sourcemap:on', '--lineDir:off'], [[0, { all: false, settings: [{ setting: '--lineDir:on', wins: '--lineDir:off', by: 1, sameValue: false }] }]]],
    ['--hotCodeReloading:off undefines useNimRtl', ['-d:useNimRtl', '--hotCodeReloading:off'], [[0, { all: true, settings: [{ setting: '-d:useNimRtl', wins: '-d:useNimRtl undefined', by: 1, sameValue: false }] }]]],
    ['switches that add up are never overridden', ['--passL:-la', '--passL:-lb', '--path:a', '--path:a'], []],
    ['hint notes apart from --hints', ['--hint[CC]:off', '--hints:on'], []],
  ];
  it.each(cases)('%s', (_name, argv, want) => {
    const got = overriddenSwitches([...argv, '--out:x', 'c', 'x.nim']);
    expect(got.flatMap((o, i) => (o.settings.length > 0 ? [[i, o]] : []))).toEqual(want);
  });
});

describe('ct-gen explain marks overridden switches', () => {
  const file = join(tempDir('explain'), 'model.json');
  writeFileSync(file, JSON.stringify(editedFixture(lineDirOff)));

  it('in text: the overridden switch says which value wins and who sets it', async () => {
    const result = await execa('node', [bin, 'explain', 'js:page', '--model', file], { reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}--lineDir:off +# bundle dbg \(profile debug\); overridden: --lineDir:on wins, set by --sourcemap:on of target js:page$/m);
    expect(result.stdout).toMatch(/^ {2}--sourcemap:on +# target js:page$/m);
    expect(result.stdout).toMatch(/^ {2}-d:debug +# bundle dbg \(profile debug\)$/m);
  });

  it('in JSON: each argument with its provenance and what overrides it', async () => {
    const result = await execa('node', [bin, 'explain', 'js:page', '--model', file, '--format', 'json'], { reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { target: string; profile: string; platform: string; argv: { value: string; from: string; overridden: unknown[] }[] };
    expect(json).toMatchObject({ target: 'js:page', profile: 'debug', platform: 'linux' });
    const index = json.argv.findIndex((a) => a.value === '--sourcemap:on');
    expect(json.argv.find((a) => a.value === '--lineDir:off')).toEqual({
      value: '--lineDir:off',
      from: 'bundle dbg (profile debug)',
      provenance: { kind: 'bundle', bundle: 'dbg', via: 'profile debug', platform: 'linux' },
      overridden: [{ setting: '--lineDir:off', wins: '--lineDir:on', sameValue: false, by: { index, value: '--sourcemap:on', from: 'target js:page' } }],
    });
    expect(json.argv.filter((a) => a.overridden.length > 0).map((a) => a.value)).toEqual(['--lineDir:off']);
  });

  it('a switch set again with the same value', async () => {
    const same = join(tempDir('explain-same'), 'model.json');
    writeFileSync(same, JSON.stringify(editedFixture((m) => m.bundles.find((b) => b.name === 'ui')!.args.push('--mm:refc'))));
    const result = await execa('node', [bin, 'explain', 'js:page', '--model', same], { reject: false });
    expect(result.stdout).toMatch(/^ {2}--mm:refc +# bundle base \(profile debug\); overridden: set again by bundle ui \(target js:page\)$/m);
  });
});
