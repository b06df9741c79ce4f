import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitRepro } from '../../generator/families/repro/emit.js';
import { withHeader } from '../../generator/header.js';
import { validateModel } from '../../generator/model.js';
import { normalise } from '../../generator/parity/normalise.js';
import { resolveArgv } from '../../generator/resolve/argv.js';
import { resolveModel } from '../../generator/resolve/view.js';
import { codetracer } from '../../model/codetracer/index.js';
import type { Model } from '../../model/schema/index.js';
import { quotingFixture } from '../support/fixture-model.js';
import { hostPlatform, run, type Ran } from '../support/realnim.js';
import { tempDir } from '../support/tree.js';

/*
 * The generated reprobuild module under real nim: `nim check` for every OS Nim's defined() tells
 * apart, then one program that imports it and prints ctGenNimArgs for every target × profile ×
 * platform as JSON, compared with the resolver.
 */

const ROOT = '/R';

/** CtGenNimArgs as std/json prints it. */
type NimArgs = Record<string, string | boolean | string[]> & { command: 'c' | 'js'; source: string; exeSuffix: string; switches: string[] };

interface Printed {
  all: { target: string; profile: string; platform: string; args: NimArgs; refused: string }[];
  /** The ValueError messages for an unknown target, profile and platform. */
  unknown: string[];
  host: string;
  /** The first target and profile with the default platform and root. */
  defaults: NimArgs;
  /** The same with root /R, evaluated at compile time. */
  early: NimArgs;
  runtime: NimArgs;
}

const PRINTER = `import std/json
import ct_gen_build

proc failure(target, profile, platform: string): string =
  try:
    discard ctGenNimArgs(target, profile, platform)
    "no error"
  except ValueError as e:
    e.msg

var all = newJArray()
for target in CtGenTargets:
  for profile in CtGenProfiles:
    for platform in CtGenPlatforms:
      let args = ctGenNimArgs(target, profile, platform, "${ROOT}", allowUntyped = true)
      all.add %*{"target": target, "profile": profile, "platform": platform, "args": args, "refused": (if args.untyped.len > 0: failure(target, profile, platform) else: "")}
const early = ctGenNimArgs(CtGenTargets[0], CtGenProfiles[0], CtGenPlatforms[0], "${ROOT}")
echo %*{
  "all": all,
  "unknown": [failure("nope", CtGenProfiles[0], CtGenPlatforms[0]), failure(CtGenTargets[0], "nope", CtGenPlatforms[0]), failure(CtGenTargets[0], CtGenProfiles[0], "nope")],
  "host": CtGenHostPlatform,
  "defaults": ctGenNimArgs(CtGenTargets[0], CtGenProfiles[0]),
  "early": early,
  "runtime": ctGenNimArgs(CtGenTargets[0], CtGenProfiles[0], CtGenPlatforms[0], "${ROOT}"),
}
`;

/** Nim's OS names and the platform the module must pick on each. */
const hostOn = (model: Model): [string, string][] => {
  const on = (tup: string) => (model.platforms.find((p) => p.tupPlatform === tup) ?? model.platforms[0]!).name;
  return [['windows', on('win32')], ['macosx', on('macosx')], ['linux', on('linux')]];
};

interface Checked {
  /** `nim check --os:<os>` of a file asserting CtGenHostPlatform, which imports the module. */
  checks: [string, Ran][];
  printed: Printed;
}

/** Writes the module, runs nim check for each OS and the printer, all at once. */
async function check(name: string, model: Model): Promise<Checked> {
  const dir = tempDir(`repro-${name}`);
  const env = { PATH: process.env.PATH!, HOME: join(dir, 'home') };
  mkdirSync(env.HOME);
  const module = withHeader(emitRepro(resolveModel(model))[0]!);
  writeFileSync(join(dir, 'ct_gen_build.nim'), module.content);
  writeFileSync(join(dir, 'printer.nim'), PRINTER);
  const checks = hostOn(model).map(async ([os, platform]): Promise<[string, Ran]> => {
    writeFileSync(join(dir, `host_${os}.nim`), `import ct_gen_build\nstatic: doAssert CtGenHostPlatform == "${platform}", "host platform: " & CtGenHostPlatform\n`);
    return [os, await run('nim', ['check', '--hints:off', `--os:${os}`, `--nimcache:${join(dir, `check-${os}`)}`, `host_${os}.nim`], { cwd: dir, env })];
  });
  const printer = await run('nim', ['c', '-r', '--hints:off', `--nimcache:${join(dir, 'nimcache')}`, 'printer.nim'], { cwd: dir, env });
  if (printer.status !== 0) throw new Error(`printer (${printer.status}): ${printer.stdout}${printer.stderr}`);
  return { checks: await Promise.all(checks), printed: JSON.parse(printer.stdout) as Printed };
}

/** What the resolver gives a compile, with the checkout at /R. */
const resolved = (model: Model, target: string, profile: string, platform: string) => resolveArgv(model, target, profile, { platform, sourceRoot: ROOT }).map((a) => a.value);

/** The model's switches: the resolver's argv without --out, --nimcache, the command and the source. */
const switchesOf = (argv: readonly string[]) => argv.slice(0, -2).filter((a) => !/^--(out|nimcache):/.test(a));

/**
 * reprobuild's argv for the typed fields, written out from its nim CLI interface: the subcommand,
 * the flags, --out, --path, the source.
 */
function reprobuildArgv(a: NimArgs): string[] {
  const list = (name: string) => (a[name] as string[] | undefined) ?? [];
  const value = (name: string) => (a[name] as string | undefined) ?? '';
  const flag = (name: string, word: string) => (a[name] === true ? [word] : []);
  return [
    a.command,
    ...list('defines').map((d) => `-d:${d}`),
    ...(value('mm') ? [`--mm:${value('mm')}`] : []),
    ...flag('hintsOff', '--hints:off'),
    ...flag('warningsOff', '--warnings:off'),
    ...list('disabledHints').map((h) => `--hint[${h}`),
    ...list('disabledWarnings').map((w) => `--warning[${w}`),
    ...flag('debugInfo', '--debugInfo'),
    ...flag('lineDirOn', '--lineDir:on'),
    ...flag('stacktraceOn', '--stacktrace:on'),
    ...flag('linetraceOn', '--linetrace:on'),
    ...(a.command === 'c'
      ? [
          ...flag('hintsOn', '--hints:on'),
          ...flag('warningsOn', '--warnings:on'),
          ...flag('boundChecksOn', '--boundChecks:on'),
          ...list('dynlibOverrides').map((d) => `--dynlibOverride:${d}`),
          ...list('passC').map((c) => `--passC:${c}`),
          ...list('passL').map((l) => `--passL:${l}`),
          ...(value('nimcache') ? [`--nimcache:${value('nimcache')}`] : []),
        ]
      : [...flag('debugInfoOn', '--debugInfo:on'), ...flag('sourcemapOn', '--sourcemap:on'), ...flag('hotCodeReloadingOn', '--hotCodeReloading:on')]),
    ...(value('output') ? [`--out:${value('output')}`] : []),
    ...list('paths').map((p) => `--path:${p}`),
    `${ROOT}/${a.source}`,
  ];
}

/** nim's effective settings of a command line, compared by value. */
function settings(argv: readonly string[]) {
  const n = normalise('nim', argv, { sourceRoot: ROOT });
  return { command: n.command, source: n.source, args: n.args, out: n.out, settings: new Map([...n.settings].map(([key, s]) => [key, s.value])) };
}

/** The assertions every model's module must pass. */
function expectResolverEquality(model: Model, printed: Printed) {
  const matrix = model.targets.flatMap((t) => model.profiles.flatMap((p) => model.platforms.map((pl) => ({ target: t.name, profile: p.name, platform: pl.name }))));
  expect(printed.all.map(({ target, profile, platform }) => ({ target, profile, platform }))).toEqual(matrix);
  for (const { target, profile, platform, args, refused } of printed.all) {
    const where = `${target} ${profile} ${platform}`;
    const untyped = (args.untyped as string[] | undefined) ?? [];
    // A compile the typed fields cannot carry is refused by default, naming the switches.
    expect(refused, where).toBe(untyped.length === 0 ? '' : `target '${target}', profile '${profile}', platform '${platform}': reprobuild's nim.${args.command} has no field for ${untyped.join(' ')}`);
    const argv = resolved(model, target, profile, platform);
    const t = model.targets.find((x) => x.name === target)!;
    expect(args.command, where).toBe(argv.at(-2));
    expect(args.source, where).toBe(t.source);
    expect(args.exeSuffix, where).toBe(t.kind === 'nim-c' ? model.platforms.find((p) => p.name === platform)!.exeSuffix : '');
    expect(args.switches, where).toEqual(switchesOf(argv));
    for (const word of untyped) expect(args.switches, where).toContain(word);
    // The typed fields and the untyped switches together build what the resolver's command builds.
    const typed = reprobuildArgv(args);
    expect(settings([...typed.slice(0, -1), ...untyped, typed.at(-1)!]), where).toEqual(settings(argv));
  }
}

const fixtureRun: { result?: Promise<Checked> } = {};
const codetracerRun: { result?: Promise<Checked>; model?: Model } = {};

beforeAll(() => {
  fixtureRun.result = check('fixture', quotingFixture);
  codetracerRun.result = (async () => {
    codetracerRun.model = validateModel(codetracer);
    return check('codetracer', codetracerRun.model);
  })();
  // A failure is reported by the tests that await it, not as an unhandled rejection.
  fixtureRun.result.catch(() => undefined);
  codetracerRun.result.catch(() => undefined);
});

describe('the reprobuild module of a fixture model, under real nim', () => {
  it('passes nim check on windows, macosx and linux, with the host platform of each', async () => {
    const { checks } = await fixtureRun.result!;
    for (const [os, ran] of checks) expect(ran.status, `nim check --os:${os}\n${ran.stdout}${ran.stderr}`).toBe(0);
    expect(checks.map(([os]) => os)).toEqual(['windows', 'macosx', 'linux']);
  });

  it('gives every target × profile × platform the resolver’s switches and, through the typed fields, the same settings', async () => {
    expectResolverEquality(quotingFixture, (await fixtureRun.result!).printed);
  });

  it('keeps a quote and backslashes in values and substitutes the root in them', async () => {
    const app = (await fixtureRun.result!).printed.all.find((c) => c.target === 'app' && c.profile === 'debug' && c.platform === 'windows')!.args;
    expect(app.defines).toContain('greeting=say "hi"');
    expect(app.passC).toEqual(['-IC:\\deps\\zlib\\include']);
    expect(app.passL).toEqual(['-lz', `-L${ROOT}\\lib "x"`]);
    expect(app.paths).toEqual([`${ROOT}/libs/a`, `${ROOT}/../sibling/src`]);
    expect(app.exeSuffix).toBe('.exe');
  });

  it('raises ValueError naming an unknown target, profile or platform and the known ones', async () => {
    expect((await fixtureRun.result!).printed.unknown).toEqual([
      "unknown target 'nope'; known: app, js:page, tool",
      "unknown profile 'nope'; known: debug, release",
      "unknown platform 'nope'; known: linux, windows",
    ]);
  });

  it('defaults to the host platform and root ".", and evaluates at compile time', async () => {
    const { printed } = await fixtureRun.result!;
    expect(printed.host).toBe(hostPlatform(quotingFixture));
    const first = quotingFixture.targets[0]!.name;
    const profile = quotingFixture.profiles[0]!.name;
    expect(printed.defaults.switches).toEqual(switchesOf(resolveArgv(quotingFixture, first, profile, { platform: printed.host }).map((a) => a.value)));
    expect(printed.early).toEqual(printed.runtime);
  });
});

describe("the reprobuild module of Codetracer's model, under real nim", () => {
  it("refuses only the JS compiles of the release profile, whose --boundChecks:on reprobuild's nim.js cannot take", async () => {
    const { printed } = await codetracerRun.result!;
    const refused = printed.all.filter((c) => c.refused !== '');
    expect(new Set(refused.map((c) => `${c.profile} ${c.args.command} ${(c.args.untyped as string[]).join(' ')}`))).toEqual(new Set(['release js --boundChecks:on']));
  });

  it('passes nim check on windows, macosx and linux', async () => {
    const { checks } = await codetracerRun.result!;
    for (const [os, ran] of checks) expect(ran.status, `nim check --os:${os}\n${ran.stdout}${ran.stderr}`).toBe(0);
  });

  it('equals the resolver for every target × profile × platform', async () => {
    expectResolverEquality(codetracerRun.model!, (await codetracerRun.result!).printed);
  });
});
