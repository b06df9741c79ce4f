import { describe, expect, it } from 'vitest';
import { describeProvenance, extraOutputs, resolveArgv, ResolveError } from '../../generator/resolve/argv.js';
import { planKey, resolveModel } from '../../generator/resolve/view.js';
import { fixture as model } from '../support/fixture-model.js';

const target = (name: string) => model.targets.find((t) => t.name === name)!;
const bundle = (name: string) => model.bundles.find((b) => b.name === name)!.args;
const values = (...args: Parameters<typeof resolveArgv>) => resolveArgv(...args).map((a) => a.value);

describe('resolveArgv', () => {
  it('orders profile bundles, target bundles, target switches, extras, nimcache, output, command, source', () => {
    const argv = values(model, 'app', 'release', { defines: ['x=1'], flags: ['--threads:on'], addBundles: ['ui'], output: 'o/app', sourceRoot: '/r' });
    expect(argv).toEqual([
      ...bundle('base'),
      '--path:/r/libs/a',
      '--path:/r/../sibling/src',
      ...bundle('rel'),
      ...bundle('link-unix'),
      ...target('app').args,
      ...bundle('ui'),
      '-d:x=1',
      '--threads:on',
      '--nimcache:/tmp/fixture-cache/release/app',
      '--out:o/app',
      'c',
      '/r/src/app/app.nim',
    ]);
  });

  it('applies a bundle only on its platforms and gives native artefacts the platform suffix', () => {
    const linux = values(model, 'app', 'debug');
    const windows = values(model, 'app', 'debug', { platform: 'windows' });
    expect(linux).toEqual(expect.arrayContaining(bundle('link-unix')));
    expect(linux).not.toContain('--passL:-lz');
    expect(windows).toEqual(expect.arrayContaining(bundle('link-win')));
    expect(windows).not.toContain('--passL:-lssl');
    expect(linux).toContain('--out:./app');
    expect(windows).toContain('--out:./app.exe');
    expect(values(model, 'js:page', 'debug', { platform: 'windows' })).toContain('--out:./page.js');
  });

  it('replaces {root} with the source root, "." by default', () => {
    expect(values(model, 'app', 'debug')).toContain('--path:./libs/a');
    expect(values(model, 'app', 'debug', { sourceRoot: '/co' })).toContain('--path:/co/../sibling/src');
  });

  it('records where every argument came from, with the platform a bundle is limited to', () => {
    const argv = resolveArgv(model, 'app', 'debug', { defines: ['a'], nimcache: '/c', platform: 'windows' });
    const from = (value: string) => describeProvenance(argv.find((a) => a.value === value)!.from);
    expect(from('--mm:refc')).toBe('bundle base (profile debug)');
    expect(from('-d:debug')).toBe('bundle dbg (profile debug)');
    expect(from('--passL:-lz')).toBe('bundle link-win (target app; only on windows)');
    expect(from('--hints:on')).toBe('target app');
    expect(from('-d:a')).toBe('--extra-define');
    expect(from('--nimcache:/c')).toBe('nimcache (--nimcache)');
    expect(from('c')).toBe('nim command');
    expect(argv.every((a) => !('platform' in a.from) || a.from.platform === 'windows')).toBe(true);
  });

  const bad: [string, () => unknown, string][] = [
    ['unknown target', () => resolveArgv(model, 'nope', 'debug'), "unknown target 'nope'; known: app, js:page, tool"],
    ['unknown profile', () => resolveArgv(model, 'app', 'fast'), "unknown profile 'fast'; known: debug, release"],
    ['unknown platform', () => resolveArgv(model, 'app', 'debug', { platform: 'plan9' }), "unknown platform 'plan9'; known: linux, windows"],
    ['unknown added bundle', () => resolveArgv(model, 'app', 'debug', { addBundles: ['x'] }), "unknown bundle 'x'; known: base,"],
    ['an added bundle of another platform', () => resolveArgv(model, 'app', 'debug', { addBundles: ['link-win'] }), "--bundle 'link-win' does not apply on linux; it applies on: windows"],
    ['removing an unapplied bundle', () => resolveArgv(model, 'js:page', 'debug', { removeBundles: ['rel'] }), "--without-bundle 'rel' is not applied to target 'js:page' with profile 'debug' on linux; applied: base, paths, dbg, ui"],
    ['removing a bundle of another platform', () => resolveArgv(model, 'app', 'debug', { removeBundles: ['link-win'] }), "--without-bundle 'link-win' is not applied to target 'app' with profile 'debug' on linux"],
    ['bad define', () => resolveArgv(model, 'app', 'debug', { defines: ['a b'] }), "bad --extra-define 'a b': expected NAME or NAME=VALUE"],
    ['nimcache as a flag', () => resolveArgv(model, 'app', 'debug', { flags: ['--nimcache:x'] }), "bad --extra-flag '--nimcache:x'"],
    // nim ignores case and underscores in switch names, so these are --out, --nimcache and --outdir too.
    ['--out spelled with an underscore', () => resolveArgv(model, 'app', 'debug', { flags: ['--ou_t:x'] }), "bad --extra-flag '--ou_t:x'"],
    ['nimcache in another case and with underscores', () => resolveArgv(model, 'app', 'debug', { flags: ['--NIM_Cache=x'] }), "bad --extra-flag '--NIM_Cache=x'"],
    ['--outdir', () => resolveArgv(model, 'app', 'debug', { flags: ['--outDir:x'] }), "bad --extra-flag '--outDir:x'"],
    ['-O', () => resolveArgv(model, 'app', 'debug', { flags: ['-O:x'] }), "bad --extra-flag '-O:x'"],
    ['output and output dir together', () => resolveArgv(model, 'app', 'debug', { output: 'a', outputDir: 'b' }), '--output and --output-dir exclude each other'],
    ['an empty output', () => resolveArgv(model, 'app', 'debug', { output: '' }), "option '--output' needs a value"],
    ['an option as output dir', () => resolveArgv(model, 'app', 'debug', { outputDir: '--dry-run' }), "option '--output-dir' needs a value, got '--dry-run'"],
    ['a flag of two lines', () => resolveArgv(model, 'app', 'debug', { flags: ['--passL:a\nb'] }), "option '--extra-flag' takes a single line"],
  ];
  it.each(bad)('rejects %s', (_name, call, message) => {
    expect(call).toThrow(ResolveError);
    expect(call).toThrow(message);
  });
});

describe('extraOutputs', () => {
  const cases: [string, string, string[]][] = [
    ['js:page', 'page.js', ['page.js.map']],
    ['js:page', '../out/page.js', ['../out/page.js.map']],
    ['tool', '../bin/tool', ['macro_tool.json']],
    ['app', 'app', []],
  ];
  it.each(cases)('%s written to %s', (name, output, want) => expect(extraOutputs(target(name), output)).toEqual(want));
});

describe('resolveModel', () => {
  it('plans every target for every profile on every platform', () => {
    const view = resolveModel(model);
    const keys = model.profiles.flatMap((p) => model.platforms.map((pl) => planKey(p.name, pl.name)));
    for (const t of view.targets) expect(Object.keys(t.plans).sort()).toEqual([...keys].sort());
    const app = view.targets.find((t) => t.name === 'app')!;
    expect(app.plans[planKey('debug', 'windows')]!.map((s) => s.bundle ?? s.array)).toEqual(['base', 'paths', 'dbg', 'link-win', `${model.layout.targetArrayPrefix}APP`]);
  });

  it('gives each variant its tup.config: profile, the platform when fixed, then the model entries', () => {
    const [debug, , win] = resolveModel(model).variants;
    expect(debug!.tupConfig).toEqual([['CONFIG_PROFILE', 'debug'], ['CONFIG_DEBUG', '1']]);
    expect(win).toMatchObject({ name: 'win-debug', platform: 'windows', tupConfig: [['CONFIG_PROFILE', 'debug'], ['CONFIG_TUP_PLATFORM', 'win32'], ['CONFIG_DEBUG', '1']] });
  });

  it("gives each target a digest per profile that changes with that profile's switches for it only", () => {
    const before = resolveModel(model);
    const digests = (view: typeof before, name: string) => view.targets.find((t) => t.name === name)!.digests;
    const profiles = model.profiles.map((p) => p.name);
    for (const t of before.targets) expect(Object.keys(t.digests)).toEqual(profiles);
    expect(new Set(Object.values(digests(before, 'app'))).size).toBe(profiles.length);

    // A bundle of one target: that target's digests, every profile's.
    const target = structuredClone(model);
    target.bundles.find((b) => b.name === 'ui')!.args.push('--threads:on');
    const page = digests(resolveModel(target), 'js:page');
    for (const p of profiles) expect(page[p], p).not.toBe(digests(before, 'js:page')[p]);
    expect(digests(resolveModel(target), 'app')).toEqual(digests(before, 'app'));

    // A bundle of one profile: that profile's digest of every target, no other.
    const profile = structuredClone(model);
    const [first, ...others] = model.profiles;
    const only = first!.bundles.find((b) => !others.some((o) => o.bundles.includes(b)))!;
    profile.bundles.find((b) => b.name === only)!.args.push('--threads:on');
    const after = resolveModel(profile);
    for (const t of before.targets) {
      expect(digests(after, t.name)[first!.name], t.name).not.toBe(digests(before, t.name)[first!.name]);
      for (const o of others) expect(digests(after, t.name)[o.name], `${t.name} ${o.name}`).toBe(digests(before, t.name)[o.name]);
    }
  });
});
