import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../generator/pipeline.js';
import { expandExtraOutputs } from '../../model/schema/names.js';
import { hostPlatform, modelPlatforms, nimcacheLock, PROBES, run, runArtefact, runBounded, standInLine, switchValue, underLocks, writeStandIns, type Ran } from '../support/realnim.js';
import { shlexSplitAll, tempDir, writeTree } from '../support/tree.js';
import { model } from '../support/model.js';

/*
 * The generated driver, run for real with real nim on stand-in sources: every target × profile
 * of the built-in model must compile, link and run, so every switch the driver passes is one
 * nim accepts. Artefact names, nimcaches and switches come from the driver's own --dry-run.
 */

interface Build {
  name: string;
  /** The driver's options. */
  options: string[];
  /** nim's argv as the dry run prints it, without nim. */
  argv: string[];
  /** The artefact: the dry run's --out: word. */
  artefact: string;
  kind: 'native' | 'js';
  /** nim's working directory, where a module's macros write. */
  cwd: string;
  /** Its index in `jobs`. */
  job: number;
  /** Set once every build is planned. */
  result?: Promise<Ran>;
}

let root: string;
let driver: string;
let env: Record<string, string>;
let platformOptions: (platform: string) => string[];
const builds = new Map<string, Build>();
const jobs: { key: string; run: () => Promise<Ran> }[] = [];

/** nim's argv (without nim) for each set of driver options, from the driver's --dry-run (a few at once: they only run bash). */
async function dryRuns(optionSets: readonly string[][]): Promise<string[][]> {
  const results = await Promise.all(runBounded(optionSets.map((options, i) => ({ key: String(i), run: () => run('bash', [driver, ...options, '--dry-run'], { env }) })), 4));
  results.forEach((r, i) => {
    if (r.status !== 0) throw new Error(`dry run of ${optionSets[i]!.join(' ')} failed (${r.status}): ${r.stderr}`);
  });
  return shlexSplitAll(results.map((r) => r.stdout)).map((words) => words.slice(1));
}

const fileName = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

interface Request {
  name: string;
  options: string[];
  /** `always`: a temp nimcache even where the target has a fixed one. */
  nimcache?: 'always';
}

/**
 * Plans real builds. A target with a fixed nimcache keeps it (outside the temp dir and shared
 * with other test files, so it is built under that directory's lock); every other build gets its
 * own nimcache in the temp dir. Builds sharing a nimcache never overlap.
 */
async function plan(requests: readonly Request[]): Promise<Build[]> {
  const first = await dryRuns(requests.map((r) => r.options));
  const staged = requests.map((request, i) => {
    const fixed = request.nimcache === 'always' ? undefined : switchValue(first[i]!, 'nimcache');
    const cache = fixed ?? join(root, 'nimcache', fileName(request.name));
    return { request, fixed, cache, options: fixed === undefined ? [...request.options, '--nimcache', cache] : request.options };
  });
  const own = staged.filter((s) => s.fixed === undefined);
  const second = new Map((await dryRuns(own.map((s) => s.options))).map((argv, i) => [own[i]!, argv]));
  return staged.map((s, i) => {
    const argv = s.fixed === undefined ? second.get(s)! : first[i]!;
    const cwd = join(root, 'work', fileName(s.request.name));
    mkdirSync(cwd, { recursive: true });
    const [command, args] = underLocks(s.fixed === undefined ? [] : [nimcacheLock(s.fixed)], 'bash', [driver, ...s.options]);
    jobs.push({ key: s.cache, run: () => run(command, args, { cwd, env }) });
    const build: Build = { name: s.request.name, options: s.options, argv, artefact: switchValue(argv, 'out')!, kind: argv.at(-2) === 'js' ? 'js' : 'native', cwd, job: jobs.length - 1 };
    builds.set(build.name, build);
    return build;
  });
}

const targetNamed = (name: string) => model.targets.find((t) => t.name === name)!;
const matrix = model.targets.flatMap((t) => model.profiles.map((p) => [t.name, p.name] as const));
const extrasTargets = ['nim-c', 'nim-js'].map((kind) => model.targets.find((t) => t.kind === kind)!.name);
const defaultProfile = model.profiles[0]!.name;
const extraOptions = ['--extra-define', `${PROBES.define}=from define`, '--extra-flag', `--define:${PROBES.flag}=from flag`];
const host = hostPlatform(model);
const otherPlatforms = modelPlatforms(model).filter((p) => p !== host);
/** Whether a bundle's switches can reach nim on this host (a bundle without platforms applies everywhere). */
const appliesHere = (bundle: (typeof model.bundles)[number]) => {
  const only = (bundle as { platforms?: string[] }).platforms;
  return only === undefined || host === undefined || only.includes(host);
};
/** The model's switches in a nim argv: all but nimcache, output, command and source. */
const modelSwitches = (argv: readonly string[]) => argv.slice(0, -2).filter((a) => !/^--(out|nimcache):/.test(a));
/** Bundles no profile or target applies: surfaces add them with --bundle. */
const applied = new Set([...model.profiles.flatMap((p) => p.bundles), ...model.targets.flatMap((t) => t.bundles)]);
const addedBundles = model.bundles.filter((b) => !applied.has(b.name) && appliesHere(b));
/** Where a surface adds a bundle: its target, profile and left-out bundles (else the first target and profile). */
function bundleUse(bundle: string): { target: string; profile: string; without: string[] } {
  const call = model.surfaces.invocations.find((c) => c.bundles.includes(bundle));
  return call ? { target: call.target, profile: call.profile, without: call.withoutBundles } : { target: model.targets[0]!.name, profile: defaultProfile, without: [] };
}
const onOtherPlatforms: { build: Build; target: string }[] = [];

beforeAll(async () => {
  // The real path, as the driver sees the checkout when it substitutes {root}.
  root = realpathSync(tempDir('realnim-driver'));
  // The driver and the files beside it (its flag bundles), generated from the model in memory.
  writeTree(
    root,
    generateFiles(model).filter((f) => posix.dirname(f.path) === posix.dirname(model.layout.driver)),
  );
  driver = join(root, model.layout.driver);
  writeStandIns(root, model);
  const home = join(root, 'home');
  mkdirSync(home);
  env = { PATH: process.env.PATH!, HOME: home, XDG_CACHE_HOME: join(home, '.cache') };
  // A driver from before build platforms has no --platform.
  const help = spawnSync('bash', [driver, '--help'], { encoding: 'utf8', env }).stdout;
  platformOptions = /^\s*--platform\b/m.test(help) ? (p) => ['--platform', p] : () => [];
  const here = host === undefined ? [] : platformOptions(host);

  await plan([
    ...matrix.map(([target, profile]) => ({ name: `${target}/${profile}`, options: ['--target', target, '--profile', profile, ...here, '--output-dir', join(root, 'out', profile)] })),
    ...extrasTargets.map((target) => ({ name: `extras/${target}`, options: ['--target', target, '--profile', defaultProfile, ...here, '--output-dir', join(root, 'out', 'extras'), ...extraOptions] })),
    ...addedBundles.map((bundle) => {
      const use = bundleUse(bundle.name);
      const without = use.without.flatMap((b) => ['--without-bundle', b]);
      return { name: `bundle/${bundle.name}`, options: ['--target', use.target, '--profile', use.profile, ...here, ...without, '--bundle', bundle.name, '--output-dir', join(root, 'out', 'bundles', bundle.name)] };
    }),
  ]);
  // Switches that reach nim only on another platform. The model's other platforms build with
  // gcc as well (macOS like Linux, Windows with MinGW), so their switches compile and link here:
  // one build per target × profile × platform that brings a switch no build before it passed,
  // each with its own nimcache (a fixed one is not per platform).
  const passed = new Set([...builds.values()].flatMap((b) => modelSwitches(b.argv)));
  for (const platform of otherPlatforms) {
    const combos = matrix.map(([target, profile]) => ({ name: `${platform}/${target}/${profile}`, target, options: ['--target', target, '--profile', profile, ...platformOptions(platform), '--output-dir', join(root, 'out', platform, profile)] }));
    const bringing = (await dryRuns(combos.map((c) => c.options))).flatMap((argv, i) => {
      const switches = modelSwitches(argv);
      if (switches.every((a) => passed.has(a))) return [];
      for (const a of switches) passed.add(a);
      return [{ ...combos[i]!, nimcache: 'always' as const }];
    });
    onOtherPlatforms.push(...(await plan(bringing)).map((build, i) => ({ build, target: bringing[i]!.target })));
  }
  // Two builds at a time: the CI machine has two cores.
  const results = runBounded(jobs, 2);
  for (const build of builds.values()) build.result = results[build.job];
});

async function built(name: string): Promise<Build> {
  const build = builds.get(name)!;
  const result = await build.result!;
  expect(result.status, `${name}: ${build.options.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
  expect(existsSync(build.artefact), build.artefact).toBe(true);
  return build;
}

async function expectRuns(build: Build, target: string, lines: string[] = []) {
  const ran = await runArtefact(build.artefact, build.kind, build.cwd);
  expect(ran.stderr).toBe('');
  expect(ran.status).toBe(0);
  expect(ran.stdout).toBe([standInLine(targetNamed(target).source), ...lines].map((l) => `${l}\n`).join(''));
}

describe('the generated driver with real nim', () => {
  it.each(matrix)('builds %s with profile %s; the artefact runs and prints its line', async (target, profile) => {
    const build = await built(`${target}/${profile}`);
    await expectRuns(build, target);
    // Source maps (nim writes them beside the artefact) and macro outputs (in nim's working directory).
    for (const file of expandExtraOutputs(targetNamed(target).extraOutputs, build.artefact)) expect(existsSync(resolve(build.cwd, file)), file).toBe(true);
  });

  it.each(extrasTargets)('passes --extra-define and --extra-flag through to nim for %s', async (target) => {
    await expectRuns(await built(`extras/${target}`), target, [`${PROBES.define}=from define`, `${PROBES.flag}=from flag`]);
  });

  it.each(addedBundles.map((b) => b.name))('builds with --bundle %s, which no profile or target applies; the artefact runs', async (bundle) => {
    await expectRuns(await built(`bundle/${bundle}`), bundleUse(bundle).target);
  });

  it('builds here what only other platforms pass to nim; the artefacts run', async () => {
    for (const { build, target } of onOtherPlatforms) await expectRuns(await built(build.name), target);
  });

  it('every switch of every bundle and target reached real nim', async () => {
    await Promise.all([...builds.values()].map((b) => b.result));
    const passed = new Set([...builds.values()].flatMap((b) => modelSwitches(b.argv)));
    const switches = [...model.bundles.filter((b) => applied.has(b.name) || appliesHere(b)).flatMap((b) => b.args), ...model.targets.flatMap((t) => t.args)];
    // {root} stands for the checkout; the driver substitutes it.
    expect(switches.map((s) => s.split('{root}').join(root)).filter((s) => !passed.has(s))).toEqual([]);
  });
});
