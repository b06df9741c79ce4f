import { describe, expect, it } from 'vitest';
import { nimString } from '../../generator/quote.js';
import { emitRepro, mapSwitch, REPRO_FIELDS, reproArgv, type Backend } from '../../generator/families/repro/emit.js';
import { validateModel } from '../../generator/model.js';
import { resolveModel } from '../../generator/resolve/view.js';
import type { ModelInput } from '../../model/schema/index.js';
import { fixture, fixtureInput, quotingFixture } from '../support/fixture-model.js';

const NO_FIELD = "reprobuild's nim interface has no field for it";

describe('reprobuild field table', () => {
  const cases: [string, Backend, { field: string; value: string } | string][] = [
    ['-d:ssl', 'c', { field: 'defines', value: 'ssl' }],
    ['-d:greeting=say "hi"', 'js', { field: 'defines', value: 'greeting=say "hi"' }],
    ['--mm:refc', 'js', { field: 'mm', value: 'refc' }],
    ['--hints:off', 'js', { field: 'hintsOff', value: '' }],
    ['--hints:on', 'c', { field: 'hintsOn', value: '' }],
    ['--hints:on', 'js', 'hintsOn is a field of nim.c only'],
    ['--warnings:off', 'c', { field: 'warningsOff', value: '' }],
    ['--warnings:on', 'c', { field: 'warningsOn', value: '' }],
    ['--hint[Processing]:off', 'c', { field: 'disabledHints', value: 'Processing]:off' }],
    ['--hint[Processing]:on', 'c', NO_FIELD],
    ['--warning[CaseTransition]:off', 'js', { field: 'disabledWarnings', value: 'CaseTransition]:off' }],
    ['--debugInfo', 'c', { field: 'debugInfo', value: '' }],
    ['--debugInfo:on', 'js', { field: 'debugInfoOn', value: '' }],
    ['--debugInfo:on', 'c', 'debugInfoOn is a field of nim.js only'],
    ['--lineDir:on', 'js', { field: 'lineDirOn', value: '' }],
    ['--lineDir:off', 'c', NO_FIELD],
    ['--stacktrace:on', 'c', { field: 'stacktraceOn', value: '' }],
    ['--linetrace:on', 'js', { field: 'linetraceOn', value: '' }],
    ['--boundChecks:on', 'c', { field: 'boundChecksOn', value: '' }],
    ['--boundChecks:on', 'js', 'boundChecksOn is a field of nim.c only'],
    ['--dynlibOverride:libssl', 'c', { field: 'dynlibOverrides', value: 'libssl' }],
    ['--passC:-IC:\\deps', 'c', { field: 'passC', value: '-IC:\\deps' }],
    ['--passL:-lz', 'c', { field: 'passL', value: '-lz' }],
    ['--passL:-lz', 'js', 'passL is a field of nim.c only'],
    ['--nimcache:/tmp/c', 'c', { field: 'nimcache', value: '/tmp/c' }],
    ['--sourcemap:on', 'js', { field: 'sourcemapOn', value: '' }],
    ['--hotCodeReloading:on', 'js', { field: 'hotCodeReloadingOn', value: '' }],
    ['--hotCodeReloading:off', 'js', NO_FIELD],
    ['--out:./ct.exe', 'c', { field: 'output', value: './ct.exe' }],
    ['--path:{root}/libs/a', 'js', { field: 'paths', value: '{root}/libs/a' }],
    ['--threads:on', 'c', NO_FIELD],
    ['--opt:speed', 'c', NO_FIELD],
    ['--gc:refc', 'c', NO_FIELD],
    ['--define:ssl', 'c', NO_FIELD],
    ['--mm:', 'c', NO_FIELD],
    ['-d:', 'js', NO_FIELD],
  ];
  it.each(cases)('%s on nim %s', (word, backend, want) => {
    const got = mapSwitch(word, backend);
    expect('reason' in got ? got.reason : { field: got.field.name, value: got.value }).toEqual(want);
  });

  it('every field is reached by its own switch: no field shadows another', () => {
    for (const field of REPRO_FIELDS) {
      const word = field.type === 'bool' ? field.word : `${field.word}${field.value ? 'X]:off' : 'x'}`;
      const got = mapSwitch(word, field.backends[0]!);
      expect('field' in got && got.field.name, word).toBe(field.name);
    }
  });

  it("renders typed fields in reprobuild's order: subcommand, common, c, js, --out, --path, source", () => {
    const args = { paths: ['/p'], output: 'o', nimcache: '/n', passL: ['-lz'], hintsOn: true, linetraceOn: true, disabledHints: ['CC]:off'], hintsOff: true, mm: 'refc', defines: ['a', 'b'] };
    expect(reproArgv('c', args, 'src/a.nim')).toEqual(['c', '-d:a', '-d:b', '--mm:refc', '--hints:off', '--hint[CC]:off', '--linetrace:on', '--hints:on', '--passL:-lz', '--nimcache:/n', '--out:o', '--path:/p', 'src/a.nim']);
  });
});

describe('nimString', () => {
  const cases: [string, string, string][] = [
    ['plain', 'a/b', '"a/b"'],
    ['a quote', 'say "hi"', '"say \\"hi\\""'],
    ['backslashes', 'C:\\deps\\zlib', '"C:\\\\deps\\\\zlib"'],
    ['control characters', 'a\tb\nc\x7f', '"a\\x09b\\x0ac\\x7f"'],
    ['UTF-8 and braces as they are', 'ünï {root} $x', '"ünï {root} $x"'],
  ];
  it.each(cases)('%s', (_, value, want) => expect(nimString(value)).toBe(want));
});

/** The message emitRepro throws, compared whole rather than as a substring. */
function emitError(view: ReturnType<typeof resolveModel>): string {
  try {
    emitRepro(view);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

const withTargets = (change: (t: ModelInput['targets'][number]) => ModelInput['targets'][number]): ModelInput => ({ ...fixtureInput, targets: fixtureInput.targets.map(change) });

describe('emitRepro', () => {
  it('writes one module at fixture.layout.reproModule with a plan for every target × profile × platform', () => {
    const [file, ...rest] = emitRepro(resolveModel(fixture));
    expect(rest).toEqual([]);
    expect(file!.path).toBe(fixture.layout.reproModule);
    const plans = [...file!.content.matchAll(/^ {2}# (target .*)$/gm)].map((m) => m[1]);
    expect(plans).toEqual(fixture.targets.flatMap((t) => fixture.profiles.flatMap((p) => fixture.platforms.map((pl) => `target '${t.name}', profile '${p.name}', platform '${pl.name}'`))));
    expect(file!.content).toContain(`array[${plans.length}, CtGenNimArgs]`);
  });

  it('escapes a quote and backslashes in values as Nim string literals', () => {
    const content = emitRepro(resolveModel(quotingFixture))[0]!.content;
    expect(content).toContain('"greeting=say \\"hi\\""');
    expect(content).toContain('"-IC:\\\\deps\\\\zlib\\\\include"');
    expect(content).toContain('"--passL:-L{root}\\\\lib \\"x\\""');
  });

  it("picks the host platform by tupPlatform, else the model's first", () => {
    const model = validateModel({ ...fixtureInput, platforms: [...fixtureInput.platforms].reverse() });
    const content = emitRepro(resolveModel(model))[0]!.content;
    const host = [...content.matchAll(/^(when|elif|else)(.*):\n {2}const CtGenHostPlatform\* = (".*")$/gm)].map((m) => `${m[1]}${m[2]} ${m[3]}`);
    expect(host).toEqual(['when defined(windows) "windows"', 'elif defined(macosx) "windows"', 'else "linux"']);
  });

  const untyped: [string, ModelInput, string, string[]][] = [
    ['a switch no field takes', withTargets((t) => (t.name === 'tool' ? { ...t, args: ['--threads:on'] } : t)), 'tool', ['debug linux', 'debug windows', 'release linux', 'release windows']],
    ['a nim.c field on a JS target, only on one platform', { ...fixtureInput, targets: fixtureInput.targets.map((t) => (t.name === 'js:page' ? { ...t, bundles: ['ui', 'link-win'] } : t)) }, 'js:page', ['debug windows', 'release windows']],
  ];
  it.each(untyped)('keeps %s aside as untyped, in exactly the compiles that have it', (_, input, target, where) => {
    const content = emitRepro(resolveModel(validateModel(input)))[0]!.content;
    const plans = [...content.matchAll(/^ {2}# target '([^']+)', profile '([^']+)', platform '([^']+)'\n {2}CtGenNimArgs\(\n((?: {4}.*\n)*?) {2}\),$/gm)];
    const withUntyped = plans.filter((m) => /^ {4}untyped: /m.test(m[4]!)).map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(withUntyped).toEqual(where.map((w) => `${target} ${w}`));
  });

  const failures: [string, ModelInput, string[]][] = [
    [
      "switches whose meaning reprobuild's fixed order would change",
      withTargets((t) => (t.name === 'app' ? { ...t, args: ['--hints:on', '--hints:off'] } : t)),
      ['debug', 'release'].flatMap((p) => ['linux', 'windows'].map((pl) => `target 'app', profile '${p}', platform '${pl}': reprobuild's field order changes what nim builds: --hints: off -> on`)),
    ],
    [
      'them on two targets with their own source, output and nimcache, but not the same switches in the order that builds the same',
      {
        ...fixtureInput,
        targets: fixtureInput.targets.flatMap((t) =>
          t.name !== 'app'
            ? [t]
            : [
                { ...t, args: ['--hints:on', '--hints:off'] },
                { ...t, name: 'app2', source: 'src/app/app2.nim', output: 'app2', args: ['--hints:on', '--hints:off'], nimcache: { policy: 'fixed' as const, path: '/tmp/fixture-cache/{profile}/app2' } },
                { ...t, name: 'app3', source: 'src/app/app3.nim', output: 'app3', args: ['--hints:off', '--hints:on'], nimcache: { policy: 'nim-default' as const } },
              ],
        ),
      },
      ['app', 'app2'].flatMap((target) =>
        ['debug', 'release'].flatMap((p) => ['linux', 'windows'].map((pl) => `target '${target}', profile '${p}', platform '${pl}': reprobuild's field order changes what nim builds: --hints: off -> on`)),
      ),
    ],
  ];
  it.each(failures)('refuses %s, naming every target, profile, platform and switch', (_, input, lines) => {
    expect(emitError(resolveModel(validateModel(input)))).toBe(`reprobuild's nim actions cannot take what the model builds (${lines.length} ${lines.length === 1 ? 'problem' : 'problems'}):\n${lines.map((l) => `  ${l}`).join('\n')}`);
  });
});
