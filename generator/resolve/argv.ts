import type { BuildPlatform, FlagBundle, Layout, Model, Profile, Target } from '../../model/schema/index.js';
import { DEFINE_PATTERN, expandExtraOutputs, shellId } from '../../model/schema/names.js';
import { isDriverSwitch } from '../../model/schema/flags.js';

/** Where one argument of a nim command line came from. */
export type Provenance =
  | { kind: 'bundle'; bundle: string; via: string; platform: string; onlyOn?: readonly string[] }
  | { kind: 'target'; target: string; platform: string }
  | { kind: 'extra-define' }
  | { kind: 'extra-flag' }
  | { kind: 'nimcache'; via: string }
  | { kind: 'output' }
  | { kind: 'command' }
  | { kind: 'source' };

export interface Arg {
  value: string;
  from: Provenance;
}

/** A named run of switches: one bundle or one target's own switches. The driver expands these by name. */
export interface Segment {
  /** Shell array holding the switches in the flags file: the layout's prefix and the bundle or target name (`<prefix>COMMON`). */
  array: string;
  /** The bundle name, for `bundle` segments; removal by `--without-bundle` matches on it. */
  bundle?: string;
  from: Provenance;
  args: readonly string[];
}

/** What a caller adds to a target × profile: the driver's options. */
export interface Extras {
  /** `--bundle B`: bundles appended after the target's switches. */
  addBundles?: readonly string[];
  /** `--without-bundle B`: profile or target bundles left out. */
  removeBundles?: readonly string[];
  /** `--extra-define D`, without the `-d:`. */
  defines?: readonly string[];
  /** `--extra-flag F`. */
  flags?: readonly string[];
  /** `--output PATH`; wins over outputDir. */
  output?: string;
  /** `--output-dir DIR`; default `.`. */
  outputDir?: string;
  /** `--nimcache DIR`; wins over the target's policy. */
  nimcache?: string;
  /** The checkout's root: the target's source path is joined to it and it replaces `{root}` in switches; default `.`. */
  sourceRoot?: string;
  /** `--platform P`; default the model's first platform. */
  platform?: string;
}

/** A bad target, profile, bundle or extra; the message names it and lists the valid choices. */
export class ResolveError extends Error {}


export { shellId };

/** The shell array of a bundle's or a target's own switches in the flags file: the layout's prefix and the name as an identifier (`COMMON` after the prefix). */
export const bundleArray = (layout: Pick<Layout, 'bundleArrayPrefix'>, name: string) => `${layout.bundleArrayPrefix}${shellId(name)}`;
export const targetArray = (layout: Pick<Layout, 'targetArrayPrefix'>, name: string) => `${layout.targetArrayPrefix}${shellId(name)}`;

function pick<T extends { name: string }>(items: readonly T[], name: string, what: string): T {
  const found = items.find((item) => item.name === name);
  if (!found) throw new ResolveError(`unknown ${what} '${name}'; known: ${items.map((i) => i.name).join(', ')}`);
  return found;
}

function bundleSegment(layout: Layout, bundle: FlagBundle, via: string, platform: string): Segment {
  const from: Provenance = { kind: 'bundle', bundle: bundle.name, via, platform, ...(bundle.platforms ? { onlyOn: bundle.platforms } : {}) };
  return { array: bundleArray(layout, bundle.name), bundle: bundle.name, from, args: bundle.args };
}

/** Whether a bundle applies on a platform (a bundle without `platforms` applies everywhere). */
export const appliesOn = (bundle: FlagBundle, platform: string) => bundle.platforms === undefined || bundle.platforms.includes(platform);

/** The platform of that name, or the model's default (its first) when none is given. */
export function pickPlatform(model: Model, name: string | undefined): BuildPlatform {
  return name === undefined ? model.platforms[0]! : pick(model.platforms, name, 'platform');
}

/**
 * The named switch runs of a target × profile × platform before extras: profile bundles, target
 * bundles (each only where it applies on the platform), target switches.
 */
export function baseSegments(model: Model, target: Target, profile: Profile, platform: string, removeBundles: readonly string[] = []): Segment[] {
  const applied = [...profile.bundles, ...target.bundles].filter((name) => appliesOn(pick(model.bundles, name, 'bundle'), platform));
  for (const name of removeBundles) {
    if (!applied.includes(name)) {
      throw new ResolveError(`--without-bundle '${name}' is not applied to target '${target.name}' with profile '${profile.name}' on ${platform}; applied: ${applied.join(', ') || '(none)'}`);
    }
  }
  const segments: Segment[] = [];
  const add = (names: readonly string[], via: string) => {
    for (const name of names) {
      const bundle = pick(model.bundles, name, 'bundle');
      if (appliesOn(bundle, platform) && !removeBundles.includes(name)) segments.push(bundleSegment(model.layout, bundle, via, platform));
    }
  };
  add(profile.bundles, `profile ${profile.name}`);
  add(target.bundles, `target ${target.name}`);
  if (target.args.length > 0) {
    segments.push({ array: targetArray(model.layout, target.name), from: { kind: 'target', target: target.name, platform }, args: target.args });
  }
  return segments;
}

/**
 * The exact nim argv (without the nim binary) for a target built with a profile and extras.
 * The one place nim command lines are assembled; the driver renders the same order.
 */
export function resolveArgv(model: Model, targetName: string, profileName: string, extras: Extras = {}): Arg[] {
  checkValues(extras);
  const target = pick(model.targets, targetName, 'target');
  const profile = pick(model.profiles, profileName, 'profile');
  const platform = pickPlatform(model, extras.platform);
  const segments = baseSegments(model, target, profile, platform.name, extras.removeBundles);
  for (const name of extras.addBundles ?? []) {
    const bundle = pick(model.bundles, name, 'bundle');
    if (!appliesOn(bundle, platform.name)) throw new ResolveError(`--bundle '${name}' does not apply on ${platform.name}; it applies on: ${bundle.platforms!.join(', ')}`);
    segments.push(bundleSegment(model.layout, bundle, 'extra', platform.name));
  }

  const root = extras.sourceRoot ?? '.';
  const argv: Arg[] = segments.flatMap((s) => s.args.map((value) => ({ value: expandRoot(value, root), from: s.from })));
  for (const define of extras.defines ?? []) {
    if (!DEFINE_PATTERN.test(define)) throw new ResolveError(`bad --extra-define '${define}': expected NAME or NAME=VALUE`);
    argv.push({ value: `-d:${define}`, from: { kind: 'extra-define' } });
  }
  for (const flag of extras.flags ?? []) {
    if (!flag.startsWith('-') || isDriverSwitch(flag)) {
      throw new ResolveError(`bad --extra-flag '${flag}': expected a nim switch other than --out/--outdir/--nimcache, in any spelling nim accepts (use --output/--nimcache)`);
    }
    argv.push({ value: flag, from: { kind: 'extra-flag' } });
  }
  if (extras.nimcache !== undefined) argv.push({ value: `--nimcache:${extras.nimcache}`, from: { kind: 'nimcache', via: '--nimcache' } });
  else if (target.nimcache.policy === 'fixed') argv.push({ value: `--nimcache:${nimcacheFor(target.nimcache.path, profile.name)}`, from: { kind: 'nimcache', via: `target ${target.name}` } });
  argv.push({ value: `--out:${outputPath(target, extras, platform)}`, from: { kind: 'output' } });
  argv.push({ value: nimCommand(target), from: { kind: 'command' } });
  argv.push({ value: `${root}/${target.source}`, from: { kind: 'source' } });
  return argv;
}

/** `{root}` in a switch stands for the checkout's root; the driver substitutes the same way. */
export const ROOT_PLACEHOLDER = '{root}';
export const expandRoot = (value: string, root: string) => value.split(ROOT_PLACEHOLDER).join(root);

/** The nim subcommand that builds a target. */
export function nimCommand(target: Pick<Target, 'kind'>): 'c' | 'js' {
  return target.kind === 'nim-js' ? 'js' : 'c';
}

/** A fixed nimcache path for one profile. */
export function nimcacheFor(path: string, profile: string): string {
  return path.replace(/\{profile\}/g, profile);
}

/** The same value rules as the driver's options: non-empty, one line, no leading - (but flags). */
function checkValues(extras: Extras): void {
  if (extras.output !== undefined && extras.outputDir !== undefined) {
    throw new ResolveError('--output and --output-dir exclude each other: --output names the artefact itself');
  }
  const single: [string, string | undefined][] = [
    ['--output', extras.output],
    ['--output-dir', extras.outputDir],
    ['--nimcache', extras.nimcache],
  ];
  const values: [string, string | undefined][] = [...single, ...(extras.defines ?? []).map((d): [string, string] => ['--extra-define', d]), ...(extras.flags ?? []).map((f): [string, string] => ['--extra-flag', f])];
  for (const [option, value] of values) {
    if (value === undefined) continue;
    if (value === '') throw new ResolveError(`option '${option}' needs a value`);
    if (value.includes('\n')) throw new ResolveError(`option '${option}' takes a single line`);
    if (option !== '--extra-flag' && value.startsWith('-')) throw new ResolveError(`option '${option}' needs a value, got '${value}'`);
  }
}

/** The artefact path: `--output` as given, or the target's file name (with the platform's executable suffix for native targets) in the output directory. */
export function outputPath(target: Target, extras: Pick<Extras, 'output' | 'outputDir'>, platform: Pick<BuildPlatform, 'exeSuffix'>): string {
  return extras.output ?? `${extras.outputDir ?? '.'}/${target.output}${exeSuffixOf(target, platform)}`;
}

/** Native executables carry the platform's suffix (`.exe`); JS bundles never do. */
export function exeSuffixOf(target: Pick<Target, 'kind'>, platform: Pick<BuildPlatform, 'exeSuffix'>): string {
  return target.kind === 'nim-c' ? platform.exeSuffix : '';
}

/** The files nim writes beside an artefact at `output` (see Target.extraOutputs). */
export function extraOutputs(target: Target, output: string): string[] {
  return expandExtraOutputs(target.extraOutputs, output);
}

export function describeProvenance(from: Provenance): string {
  switch (from.kind) {
    case 'bundle':
      return `bundle ${from.bundle} (${from.via === 'extra' ? '--bundle' : from.via}${from.onlyOn ? `; only on ${from.onlyOn.join(', ')}` : ''})`;
    case 'target':
      return `target ${from.target}`;
    case 'extra-define':
      return '--extra-define';
    case 'extra-flag':
      return '--extra-flag';
    case 'nimcache':
      return `nimcache (${from.via})`;
    case 'output':
      return 'output';
    case 'command':
      return 'nim command';
    case 'source':
      return 'source';
  }
}
