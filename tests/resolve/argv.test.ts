import { describe, expect, it } from 'vitest';
import { describeProvenance, extraOutputs, resolveArgv, ResolveError } from '../../generator/resolve/argv.js';
import { resolveModel } from '../../generator/resolve/view.js';
import { model } from '../support/tree.js';

const target = (name: string) => model.targets.find((t) => t.name === name)!;
const bundle = (name: string) => model.bundles.find((b) => b.name === name)!.args;

describe('resolveArgv', () => {
  it('orders profile bundles, target bundles, target switches, extras, nimcache, output, command, source', () => {
    const argv = resolveArgv(model, 'ct', 'release', { defines: ['x=1'], flags: ['--threads:on'], addBundles: ['native'], output: 'o/ct', sourceRoot: '/r' });
    expect(argv.map((a) => a.value)).toEqual([
      ...bundle('common'),
      ...bundle('release'),
      ...bundle('entrypoint'),
      ...bundle('native'),
      '-d:x=1',
      '--threads:on',
      '--nimcache:/tmp/ct-nim-cache/release/ct',
      '--out:o/ct',
      'c',
      '/r/src/ct/codetracer.nim',
    ]);
  });

  it('records where every argument came from', () => {
    const argv = resolveArgv(model, 'js:subwindow', 'debug', { defines: ['a'], nimcache: '/c' });
    const from = (value: string) => describeProvenance(argv.find((a) => a.value === value)!.from);
    expect(from('--gc:refc')).toBe('bundle common (profile debug)');
    expect(from('-d:debug')).toBe('bundle debug (profile debug)');
    expect(from('-d:ctRenderer')).toBe('bundle renderer (target js:subwindow)');
    expect(from('--sourcemap:on')).toBe('bundle dev-reload (target js:subwindow)');
    expect(from('-d:a')).toBe('--extra-define');
    expect(from('--nimcache:/c')).toBe('nimcache (--nimcache)');
    expect(from('js')).toBe('nim command');
  });

  const bad: [string, () => unknown, string][] = [
    ['unknown target', () => resolveArgv(model, 'nope', 'debug'), "unknown target 'nope'; known: "],
    ['unknown profile', () => resolveArgv(model, 'ct', 'fast'), "unknown profile 'fast'; known: debug, release"],
    ['unknown added bundle', () => resolveArgv(model, 'ct', 'debug', { addBundles: ['x'] }), "unknown bundle 'x'; known: common,"],
    ['removing an unapplied bundle', () => resolveArgv(model, 'js:ui', 'debug', { removeBundles: ['native'] }), "--without-bundle 'native' is not applied to target 'js:ui' with profile 'debug'; applied: common, debug, renderer"],
    ['bad define', () => resolveArgv(model, 'ct', 'debug', { defines: ['a b'] }), "bad --extra-define 'a b': expected NAME or NAME=VALUE"],
    ['nimcache as a flag', () => resolveArgv(model, 'ct', 'debug', { flags: ['--nimcache:x'] }), "bad --extra-flag '--nimcache:x'"],
    ['output and output dir together', () => resolveArgv(model, 'ct', 'debug', { output: 'a', outputDir: 'b' }), '--output and --output-dir exclude each other'],
    ['an empty output', () => resolveArgv(model, 'ct', 'debug', { output: '' }), "option '--output' needs a value"],
    ['an option as output dir', () => resolveArgv(model, 'ct', 'debug', { outputDir: '--dry-run' }), "option '--output-dir' needs a value, got '--dry-run'"],
    ['a flag of two lines', () => resolveArgv(model, 'ct', 'debug', { flags: ['--passL:a\nb'] }), "option '--extra-flag' takes a single line"],
  ];
  it.each(bad)('rejects %s', (_name, call, message) => {
    expect(call).toThrow(ResolveError);
    expect(call).toThrow(message);
  });
});

describe('extraOutputs', () => {
  const cases: [string, string, string[]][] = [
    ['js:index', 'index.js', ['index.js.map']],
    ['js:index', '../out/index.js', ['../out/index.js.map']],
    ['tester', '../bin/tester', ['macro_sourcemap_tester.json']],
    ['js:ui', 'ui.js', []],
  ];
  it.each(cases)('%s written to %s', (name, output, want) => expect(extraOutputs(target(name), output)).toEqual(want));
});

describe('resolveModel', () => {
  it('gives each target a digest that changes with its switches only', () => {
    const before = resolveModel(model);
    const changed = structuredClone(model);
    changed.bundles.find((b) => b.name === 'renderer')!.args.push('--threads:on');
    const after = resolveModel(changed);
    const digest = (view: typeof before, name: string) => view.targets.find((t) => t.name === name)!.digest;
    expect(digest(after, 'js:ui')).not.toBe(digest(before, 'js:ui'));
    expect(digest(after, 'ct')).toBe(digest(before, 'ct'));
  });
});
