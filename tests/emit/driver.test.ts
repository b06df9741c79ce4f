import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../generator/pipeline.js';
import { resolveArgv, type Extras } from '../../generator/resolve/argv.js';
import { resolveModel } from '../../generator/resolve/view.js';
import { newerThanBash32 } from '../support/old-bash.js';
import { readLog, writeStub } from '../support/stubs.js';
import { shlexSplit, shlexSplitAll, tempDir, writeTree } from '../support/tree.js';
import { model } from '../support/model.js';

let root: string;
let driver: string;

function runDriver(args: string[], env: Record<string, string> = {}) {
  return spawnSync('bash', [driver, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });
}

/** A dry run's key: its arguments and environment. */
const key = (args: readonly string[], env: Record<string, string>) => JSON.stringify([args, env]);

/**
 * The dry runs of the table tests below, run in beforeAll, their lines split by one python3
 * (shlex) for all: its start-up, once per line, cost more than the driver's runs. Each test
 * asserts its own run's stderr, status and line.
 */
const prepared = new Map<string, DryRun>();

interface DryRun {
  stderr: string;
  status: number | null;
  /** stdout's lines. */
  lines: string[];
  /** The one line, split; none when there is not exactly one. */
  argv?: string[];
}

function prepareDryRuns(requests: readonly (readonly [string[], Record<string, string>])[]) {
  const runs = requests.map(([args, env]) => {
    const result = runDriver([...args, '--dry-run'], env);
    const run: DryRun = { stderr: result.stderr, status: result.status, lines: result.stdout.split('\n').filter(Boolean) };
    prepared.set(key(args, env), run);
    return run;
  });
  const single = runs.filter((run) => run.lines.length === 1);
  shlexSplitAll(single.map((run) => run.lines[0]!)).forEach((argv, i) => (single[i]!.argv = argv));
}

/** nim's argv from the driver's --dry-run: prepared in beforeAll when it is one of the tables', else run here. */
function dryRun(args: string[], env: Record<string, string> = {}): string[] {
  if (!prepared.has(key(args, env))) prepareDryRuns([[args, env]]);
  const result = prepared.get(key(args, env))!;
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.lines).toHaveLength(1);
  return result.argv!;
}

const expected = (target: string, profile: string, extras: Extras = {}) => ['nim', ...resolveArgv(model, target, profile, { sourceRoot: root, ...extras }).map((a) => a.value)];

const matrix = model.targets.flatMap((t) => model.profiles.map((p) => [t.name, p.name] as const));

/** Bash 5 with the quoting rules of bash 3.2, macOS /bin/bash (its syntax is checked by reading: tests/support/old-bash.ts). */
const BASH_32 = { BASH_COMPAT: '3.2' };

const cases: [string, string[], Record<string, string>, Extras][] = [
  ['output path', ['--output', 'out dir/ct bin'], {}, { output: 'out dir/ct bin' }],
  ['output dir', ['--output-dir', '/tmp/x'], {}, { outputDir: '/tmp/x' }],
  ['the windows platform (.exe, its bundles)', ['--platform', 'windows', '--output-dir', '/tmp/x'], {}, { platform: 'windows', outputDir: '/tmp/x' }],
  ['the macos platform', ['--platform=macos'], {}, { platform: 'macos' }],
  ['OUTPUT_DIR from the environment', [], { OUTPUT_DIR: '/env/out' }, { outputDir: '/env/out' }],
  ['nimcache', ['--nimcache', '/c a/che'], {}, { nimcache: '/c a/che' }],
  ['repeated extra defines, quotes and spaces kept', ['--extra-define', "libcPath=/it's here", '--extra-define', 'builtWithNix'], {}, { defines: ["libcPath=/it's here", 'builtWithNix'] }],
  ['EXTRA_DEFINES come before --extra-define', ['--extra-define', 'b'], { EXTRA_DEFINES: 'a1 a2' }, { defines: ['a1', 'a2', 'b'] }],
  ['extra flags in order', ['--extra-flag', '--passL:-Wl,-Bstatic -lsqlite3', '--extra-flag', '--hints:on'], {}, { flags: ['--passL:-Wl,-Bstatic -lsqlite3', '--hints:on'] }],
  ['added and removed bundles', ['--bundle', 'native', '--without-bundle', 'entrypoint'], {}, { addBundles: ['native'], removeBundles: ['entrypoint'] }],
  ['{root} in a value of the caller stays as given', ['--extra-define', 'where={root}/x', '--extra-flag', '--path:{root}'], {}, { defines: ['where={root}/x'], flags: ['--path:{root}'] }],
  ['--opt=value spelling', ['--output=/o/ct', '--extra-flag=--threads:on'], {}, { output: '/o/ct', flags: ['--threads:on'] }],
];

beforeAll(() => {
  root = tempDir('driver');
  writeTree(root, generateFiles(model));
  driver = join(root, model.layout.driver);
  prepareDryRuns([
    ...matrix.map(([target, profile]): [string[], Record<string, string>] => [['--target', target, '--profile', profile], {}]),
    ...cases.map(([, args, env]): [string[], Record<string, string>] => [['--target', 'ct', ...args], env]),
    ...model.targets.map((t): [string[], Record<string, string>] => [['--target', t.name], BASH_32]),
    ...cases.map(([, args, env]): [string[], Record<string, string>] => [['--target', 'ct', ...args], { ...env, ...BASH_32 }]),
  ]);
});

describe('generated driver', () => {
  it('passes bash -n and shellcheck', () => {
    execFileSync('bash', ['-n', driver]);
    execFileSync('shellcheck', ['-x', driver, join(root, model.layout.flags)], { cwd: root });
    execFileSync('shellcheck', [driver, join(root, model.layout.flags)]);
  });

  it('lists every target of the model, one per line', () => {
    expect(runDriver(['--list-targets']).stdout.split('\n').filter(Boolean)).toEqual(model.targets.map((t) => t.name));
  });

  it.each(matrix)('dry-run argv of %s with profile %s equals the resolver', (target, profile) => {
    expect(dryRun(['--target', target, '--profile', profile])).toEqual(expected(target, profile));
  });

  it.each(cases)('dry-run with %s equals the resolver', (_name, args, env, extras) => {
    expect(dryRun(['--target', 'ct', ...args], env)).toEqual(expected('ct', 'debug', extras));
  });

  describe('on bash 3.2 (macOS /bin/bash)', () => {
    it('uses no construct newer than bash 3.2', () => {
      expect(newerThanBash32(readFileSync(driver, 'utf8'))).toEqual([]);
    });

    it.each(model.targets.map((t) => t.name))("dry-run argv of %s under bash 3.2's quoting rules equals the resolver", (target) => {
      expect(dryRun(['--target', target], BASH_32)).toEqual(expected(target, model.profiles[0]!.name));
    });

    it.each(cases)("dry-run with %s under bash 3.2's quoting rules equals the resolver", (_name, args, env, extras) => {
      expect(dryRun(['--target', 'ct', ...args], { ...env, ...BASH_32 })).toEqual(expected('ct', 'debug', extras));
    });

    it('refuses --out and --nimcache written in upper case, lowered without bash 4 (under BASH_COMPAT=3.2)', () => {
      for (const flag of ['--OUT:x', '--NIM_cache=x']) {
        const result = runDriver(['--target', 'ct', '--extra-flag', flag, '--dry-run'], BASH_32);
        expect(result.status, flag).toBe(2);
        expect(result.stderr).toContain(`bad --extra-flag '${flag}'`);
      }
    });
  });

  it("takes the digest of the target built with the profile given, and no other profile's", () => {
    const [first] = resolveModel(model).targets;
    for (const profile of model.profiles) {
      expect(dryRun(['--target', first!.name, '--profile', profile.name, '--model-digest', first!.digests[profile.name]!])).toEqual(expected(first!.name, profile.name));
      for (const other of model.profiles.filter((p) => first!.digests[p.name] !== first!.digests[profile.name])) {
        const result = runDriver(['--target', first!.name, '--profile', profile.name, '--model-digest', first!.digests[other.name]!, '--dry-run']);
        expect(result.status, `${profile.name} with ${other.name}'s digest`).toBe(2);
        expect(result.stderr).toContain(`target '${first!.name}' with profile '${profile.name}' was generated with model digest ${first!.digests[profile.name]}, the caller expects ${first!.digests[other.name]}`);
      }
    }
  });

  it('runs through a chain of relative symlinks, as from a bin directory on PATH', () => {
    const links = tempDir('driver-links');
    symlinkSync(driver, join(links, 'first'));
    mkdirSync(join(links, 'bin'));
    symlinkSync('../first', join(links, 'bin', 'build_codetracer'));
    const result = spawnSync(join(links, 'bin', 'build_codetracer'), ['--target', 'ct', '--dry-run'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(shlexSplit(result.stdout)).toEqual(expected('ct', 'debug'));
  });

  it('puts the checkout root into {root} switches literally, whatever the path holds (bash 5, and bash 3.2\'s rules)', () => {
    // {root} in the path too: the root replaces the placeholder once, in the model's switches only.
    const odd = join(tempDir('driver-root'), "a & b\\c 'd' {root}");
    mkdirSync(odd);
    writeTree(odd, generateFiles(model));
    for (const env of [{}, BASH_32]) {
      const result = spawnSync('bash', [join(odd, model.layout.driver), '--target', 'js:ui', '--dry-run'], { encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });
      expect(result.status, result.stderr).toBe(0);
      const argv = shlexSplit(result.stdout);
      expect(argv, JSON.stringify(env)).toEqual(['nim', ...resolveArgv(model, 'js:ui', 'debug', { sourceRoot: odd }).map((a) => a.value)]);
      expect(argv.filter((a) => a.startsWith('--path:')).every((a) => a.startsWith(`--path:${odd}/`))).toBe(true);
    }
  });

  it('ignores an exported CDPATH', () => {
    expect(dryRun(['--target', 'ct'], { CDPATH: `.:${root}/tools` })).toEqual(expected('ct', 'debug'));
  });

  it('builds a target that has no switches of its own with a profile that has no bundles', () => {
    const bare = structuredClone(model);
    bare.targets.push({ ...structuredClone(bare.targets.find((t) => t.name === 'js:middleware')!), name: 'bare', output: 'bare.js', args: [], bundles: [] });
    const dir = tempDir('driver-bare');
    writeTree(dir, generateFiles(bare));
    const result = spawnSync('bash', [join(dir, model.layout.driver), '--target', 'bare', '--profile', 'plain', '--dry-run'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(shlexSplit(result.stdout)).toEqual(['nim', ...resolveArgv(bare, 'bare', 'plain', { sourceRoot: dir }).map((a) => a.value)]);
  });

  it('takes the profile from PROFILE and the binary from NIM', () => {
    const argv = dryRun(['--target', 'js:ui'], { PROFILE: 'release', NIM: '/nix/store/x-nim/bin/nim' });
    expect(argv).toEqual(['/nix/store/x-nim/bin/nim', ...expected('js:ui', 'release').slice(1)]);
  });

  const bad: [string, string[], RegExp | string][] = [
    ['unknown target', ['--target', 'ctt'], `unknown target 'ctt'; known: ${model.targets.map((t) => t.name).join(', ')}`],
    ['missing target', [], `missing --target; known: ${model.targets.map((t) => t.name).join(', ')}`],
    ['unknown profile', ['--target', 'ct', '--profile', 'fast'], /unknown profile 'fast'; known: debug, release/],
    ['unknown platform', ['--target', 'ct', '--platform', 'plan9'], /unknown platform 'plan9'; known: linux, macos, windows/],
    ['a bundle of another platform', ['--target', 'ct', '--platform', 'windows', '--bundle', 'dynlib-overrides'], /--bundle 'dynlib-overrides' does not apply on windows; it applies on: linux, macos/],
    ['unknown option', ['--target', 'ct', '--frobnicate'], /unknown option '--frobnicate'/],
    ['option without value', ['--target'], /option '--target' needs a value/],
    ['unknown bundle', ['--target', 'ct', '--bundle', 'js_shared'], /unknown bundle 'js_shared'; known: common, /],
    ['removing a bundle the target lacks', ['--target', 'js:index', '--without-bundle', 'renderer'], /--without-bundle 'renderer' is not applied to target 'js:index' with profile 'debug' on linux; applied: common, repo-paths, debug/],
    ['bad define', ['--target', 'ct', '--extra-define', 'a b'], /bad --extra-define 'a b': expected NAME or NAME=VALUE/],
    ['--out as extra flag', ['--target', 'ct', '--extra-flag', '--out:x'], /bad --extra-flag '--out:x'/],
    ['--out spelled as nim also reads it', ['--target', 'ct', '--extra-flag', '--ou_t:x'], /bad --extra-flag '--ou_t:x'/],
    ['--nimcache spelled as nim also reads it', ['--target', 'ct', '--extra-flag', '--NIM_cache=x'], /bad --extra-flag '--NIM_cache=x'/],
    ['--outdir', ['--target', 'ct', '--extra-flag', '--out_dir:x'], /bad --extra-flag '--out_dir:x'/],
    ['stale model digest', ['--target', 'ct', '--model-digest', '000000000000'], /generated with model digest [0-9a-f]{12}, the caller expects 000000000000/],
    ['an option as the value of another', ['--target', 'ct', '--output', '--dry-run'], /option '--output' needs a value, got '--dry-run'/],
    ['an empty value', ['--target', 'ct', '--output-dir='], /option '--output-dir' needs a value/],
    ['an empty profile (tup generate without --config)', ['--target', 'ct', '--profile', '', '--model-digest', 'x'], /option '--profile' needs a value/],
    ['a value of two lines', ['--target', 'ct', '--extra-define', 'a\nb'], /option '--extra-define' takes a single line/],
    ['both --output and --output-dir', ['--target', 'ct', '--output-dir', '/x', '--output', '/y/ct'], /--output and --output-dir exclude each other/],
    ['a value given to a switch that takes none', ['--target', 'ct', '--dry-run=yes'], /option '--dry-run' takes no value/],
    ['unknown option, listing the known ones', ['--target', 'ct', '--frobnicate'], /unknown option '--frobnicate'; known: --target, --profile, --platform, --output, /],
  ];
  it.each(bad)('rejects %s with exit 2 and builds nothing', (_name, args, message) => {
    const dir = tempDir('driver-bad');
    const log = join(dir, 'nim.log');
    const nim = writeStub(join(dir, 'bin'), 'nim', log, { createsOut: true });
    const result = runDriver(['--output', join(dir, 'artefact'), ...args], { NIM: nim });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(readLog(log)).toEqual([]);
    expect(existsSync(join(dir, 'artefact'))).toBe(false);
  });

  it('runs nim with exactly the dry-run argv and creates the output directory', () => {
    const dir = tempDir('driver-run');
    const log = join(dir, 'nim.log');
    const nim = writeStub(join(dir, 'bin'), 'nim', log, { createsOut: true });
    const output = join(dir, 'dist', 'bin', 'db-backend-record');
    const result = runDriver(['--target', 'db-backend-record', '--profile', 'release', '--output', output], { NIM: nim });
    expect(result.status).toBe(0);
    expect(readLog(log).map((r) => r.argv)).toEqual([expected('db-backend-record', 'release', { output }).slice(1)]);
    expect(existsSync(output)).toBe(true);
  });

  it('finds nim on PATH when NIM is unset, and says so when it is missing', () => {
    const dir = tempDir('driver-path');
    const log = join(dir, 'nim.log');
    writeStub(join(dir, 'bin'), 'nim', log, { createsOut: true });
    const ok = runDriver(['--target', 'js:middleware', '--output-dir', dir], { PATH: `${join(dir, 'bin')}:${process.env.PATH}` });
    expect(ok.status).toBe(0);
    expect(readLog(log)).toHaveLength(1);
    const missing = runDriver(['--target', 'js:middleware', '--output-dir', dir], { PATH: '/usr/bin:/bin', NIM: 'no-such-nim' });
    expect(missing.status).toBe(127);
    expect(missing.stderr).toMatch(/nim not found \(no-such-nim\): set NIM or put nim on PATH/);
  });
});
