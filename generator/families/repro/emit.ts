import { diffSettings, effectiveSettings, foldPlaceholders, parseSwitch, showSettingChange, type SettingChange } from '../../parity/normalise.js';
import { render } from '../../render.js';
import { exeSuffixOf, ROOT_PLACEHOLDER, type Arg } from '../../resolve/argv.js';
import { planKey, type ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';

export type Backend = 'c' | 'js';

/** One typed field of reprobuild's nim CLI interface. */
export interface ReproField {
  name: string;
  /** The actions that have it: `nim.c`, `nim.js` or both. */
  backends: readonly Backend[];
  /** `bool` renders as `word` alone; `string` and `list` as `word` + each value. */
  type: 'bool' | 'string' | 'list';
  word: string;
  /** Values the field takes (after `word`); default: any non-empty value. */
  value?: RegExp;
  /** How the module's doc comment shows the value: `NAME]:off`; default `VALUE`. */
  shown?: string;
}

const BOTH: readonly Backend[] = ['c', 'js'];
const C: readonly Backend[] = ['c'];
const JS: readonly Backend[] = ['js'];

/**
 * reprobuild's nim fields in the order its argv renders them (after the subcommand, before the
 * source). A switch fills the one field whose word it is; nothing else reaches reprobuild.
 */
export const REPRO_FIELDS: readonly ReproField[] = [
  { name: 'defines', backends: BOTH, type: 'list', word: '-d:' },
  { name: 'mm', backends: BOTH, type: 'string', word: '--mm:' },
  { name: 'hintsOff', backends: BOTH, type: 'bool', word: '--hints:off' },
  { name: 'warningsOff', backends: BOTH, type: 'bool', word: '--warnings:off' },
  { name: 'disabledHints', backends: BOTH, type: 'list', word: '--hint[', value: /^[^\]]+\]:off$/, shown: 'NAME]:off' },
  { name: 'disabledWarnings', backends: BOTH, type: 'list', word: '--warning[', value: /^[^\]]+\]:off$/, shown: 'NAME]:off' },
  { name: 'debugInfo', backends: BOTH, type: 'bool', word: '--debugInfo' },
  { name: 'lineDirOn', backends: BOTH, type: 'bool', word: '--lineDir:on' },
  { name: 'stacktraceOn', backends: BOTH, type: 'bool', word: '--stacktrace:on' },
  { name: 'linetraceOn', backends: BOTH, type: 'bool', word: '--linetrace:on' },
  { name: 'hintsOn', backends: C, type: 'bool', word: '--hints:on' },
  { name: 'warningsOn', backends: C, type: 'bool', word: '--warnings:on' },
  { name: 'boundChecksOn', backends: C, type: 'bool', word: '--boundChecks:on' },
  { name: 'dynlibOverrides', backends: C, type: 'list', word: '--dynlibOverride:' },
  { name: 'passC', backends: C, type: 'list', word: '--passC:' },
  { name: 'passL', backends: C, type: 'list', word: '--passL:' },
  { name: 'nimcache', backends: C, type: 'string', word: '--nimcache:' },
  { name: 'debugInfoOn', backends: JS, type: 'bool', word: '--debugInfo:on' },
  { name: 'sourcemapOn', backends: JS, type: 'bool', word: '--sourcemap:on' },
  { name: 'hotCodeReloadingOn', backends: JS, type: 'bool', word: '--hotCodeReloading:on' },
  { name: 'output', backends: BOTH, type: 'string', word: '--out:' },
  { name: 'paths', backends: BOTH, type: 'list', word: '--path:' },
];

/** The values of one compile's fields; a field left out has its Nim default (false, "", @[]). */
export type ReproArgs = Record<string, boolean | string | string[]>;

/** What `mapSwitch` answered, by backend and word: a model's compiles repeat the same switches. */
const MAPPED = new Map<string, ReturnType<typeof readSwitch>>();

/** The field a switch word fills and its value, or why no field of that action can take it. */
export function mapSwitch(word: string, backend: Backend): { field: ReproField; value: string } | { reason: string } {
  const key = `${backend}\0${word}`;
  let mapped = MAPPED.get(key);
  if (mapped === undefined) MAPPED.set(key, (mapped = Object.freeze(readSwitch(word, backend))));
  return mapped;
}

function readSwitch(word: string, backend: Backend): { field: ReproField; value: string } | { reason: string } {
  const field = REPRO_FIELDS.find((f) =>
    f.type === 'bool' ? word === f.word : word.startsWith(f.word) && word.length > f.word.length && (f.value?.test(word.slice(f.word.length)) ?? true),
  );
  if (!field) return { reason: "reprobuild's nim interface has no field for it" };
  if (!field.backends.includes(backend)) return { reason: `${field.name} is a field of nim.${field.backends[0]} only` };
  return { field, value: word.slice(field.word.length) };
}

/** reprobuild's argv for a compile: the subcommand, the fields in REPRO_FIELDS order, the source. */
export function reproArgv(command: Backend, args: ReproArgs, source: string): string[] {
  const flags = REPRO_FIELDS.flatMap((f) => {
    const value = args[f.name];
    if (f.type === 'bool') return value === true ? [f.word] : [];
    return (Array.isArray(value) ? value : value ? [value] : []).map((v) => `${f.word}${v}`);
  });
  return [command, ...flags, source];
}


interface Plan {
  where: string;
  command: Backend;
  source: string;
  exeSuffix: string;
  switches: string[];
  args: ReproArgs;
  /** Switches no field of this action takes, with why; the module refuses such a compile when asked for it. */
  untyped: string[];
}

/**
 * One compile: the resolver's argv with `{root}` kept, split into its switches (the model's,
 * without --out and --nimcache) and reprobuild's fields. A switch no field takes is kept aside
 * (`untyped`); a field order that would change what nim builds is a problem of the model.
 */
function planOf(target: ResolvedModel['targets'][number], profile: string, platform: ResolvedModel['platforms'][number], problems: string[], changesOf: (typed: string[], rendered: string[]) => SettingChange[]): Plan {
  const where = `target '${target.name}', profile '${profile}', platform '${platform.name}'`;
  const argv: Arg[] = target.argv[planKey(profile, platform.name)]!;
  const command = argv.find((a) => a.from.kind === 'command')!.value as Backend;
  const words = argv.filter((a) => a.from.kind !== 'command' && a.from.kind !== 'source').map((a) => a.value);
  const args: ReproArgs = {};
  const untyped: string[] = [];
  for (const word of words) {
    const mapped = mapSwitch(word, command);
    if ('reason' in mapped) {
      untyped.push(word);
      continue;
    }
    const { field, value } = mapped;
    if (field.type === 'bool') args[field.name] = true;
    else if (field.type === 'string') args[field.name] = value;
    else args[field.name] = [...((args[field.name] as string[] | undefined) ?? []), value];
  }
  // reprobuild renders its fields in a fixed order; the typed compile must build what the resolver's does.
  const typed = argv.map((a) => a.value).filter((w) => !untyped.includes(w));
  const rendered = reproArgv(command, args, `${ROOT_PLACEHOLDER}/${target.source}`);
  const changes = changesOf(typed, rendered);
  if (changes.length > 0) problems.push(`${where}: reprobuild's field order changes what nim builds: ${changes.map(showSettingChange).join('; ')}`);
  const switches = argv.filter((a) => a.from.kind === 'bundle' || a.from.kind === 'target').map((a) => a.value);
  return { where, command, source: target.source, exeSuffix: exeSuffixOf(target, platform), switches, args, untyped };
}

/** Stands for the main module in `comparer`'s lines. */
const MAIN_MODULE = '\0main module';

/**
 * `diffSettings` of two command lines' effective settings, each worked out once per emit for
 * lines that can only differ in what does not change it: targets, profiles and platforms repeat
 * the same switches with their own output, nimcache and source. Both lines are compared with
 * `--out` and `--nimcache` given no value (effective settings keep neither's), and, when both
 * have the same two positional words (command and main module, no program arguments), the main
 * module as one placeholder: the same on both sides, it is no difference.
 */
function comparer(): (typed: string[], rendered: string[]) => SettingChange[] {
  const answers = new Map<string, SettingChange[]>();
  // A word normalise reads as a switch; any other (`-` alone too) is positional.
  const isSwitch = (word: string) => {
    const folded = foldPlaceholders(word);
    return folded.startsWith('-') && parseSwitch(folded) !== undefined;
  };
  const positional = (line: readonly string[]) => line.filter((word) => !isSwitch(word));
  return (typed, rendered) => {
    const [ours, theirs] = [positional(typed), positional(rendered)];
    const sameMain = ours.length === 2 && theirs.length === 2 && ours[0] === theirs[0] && ours[1] === theirs[1];
    const canonical = (line: readonly string[]) => {
      let seen = 0;
      return line.map((word) => {
        if (!isSwitch(word)) return ++seen === 2 && sameMain ? MAIN_MODULE : word;
        const key = parseSwitch(foldPlaceholders(word))!.key;
        return key === 'out' ? '--out:' : key === 'nimcache' ? '--nimcache:' : word;
      });
    };
    const [left, right] = [canonical(typed), canonical(rendered)];
    const key = JSON.stringify([left, right]);
    let changes = answers.get(key);
    if (changes === undefined) answers.set(key, (changes = diffSettings(effectiveSettings(left), effectiveSettings(right))));
    return changes;
  };
}

/** The OS names of Nim's `defined()` for Tup platform names. */
const NIM_OS: readonly { tupPlatform: string; os: string }[] = [
  { tupPlatform: 'win32', os: 'windows' },
  { tupPlatform: 'macosx', os: 'macosx' },
  { tupPlatform: 'linux', os: 'linux' },
];

/**
 * A Nim module of constants that repro.nim's ctNimJs/ctNative templates import: for every
 * target × profile × platform, the nim subcommand, source, executable suffix, the resolver's
 * switches and the same switches as reprobuild's typed nim.c / nim.js fields.
 */
export function emitRepro(view: ResolvedModel): EmittedFile[] {
  const problems: string[] = [];
  const changesOf = comparer();
  const plans = view.targets.flatMap((t) => view.profiles.flatMap((p) => view.platforms.map((pl) => planOf(t, p.name, pl, problems, changesOf))));
  if (problems.length > 0) throw new Error(`reprobuild's nim actions cannot take what the model builds (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const host = (os: string) => (view.platforms.find((p) => NIM_OS.find((n) => n.os === os)?.tupPlatform === p.tupPlatform) ?? view.platforms[0]!).name;
  const context = {
    fields: REPRO_FIELDS.map((f) => ({
      name: f.name,
      type: f.type === 'bool' ? 'bool' : 'string',
      list: f.type === 'list',
      doc: `${f.type === 'bool' ? f.word : `${f.word}${f.shown ?? 'VALUE'}`}${f.type === 'list' ? ' each' : ''} (nim.${f.backends.join(', nim.')})`,
    })),
    stringFields: REPRO_FIELDS.filter((f) => f.type === 'string').map((f) => f.name),
    listFields: REPRO_FIELDS.filter((f) => f.type === 'list').map((f) => f.name),
    rootPlaceholder: ROOT_PLACEHOLDER,
    targets: view.targets.map((t) => t.name),
    profiles: view.profiles.map((p) => p.name),
    platforms: view.platforms.map((p) => p.name),
    hosts: { windows: host('windows'), macosx: host('macosx'), other: host('linux') },
    count: plans.length,
    plans: plans.map((plan) => ({
      where: plan.where,
      values: [
        { name: 'command', value: plan.command },
        { name: 'source', value: plan.source },
        { name: 'exeSuffix', value: plan.exeSuffix },
        { name: 'switches', value: plan.switches },
        ...(plan.untyped.length > 0 ? [{ name: 'untyped', value: plan.untyped }] : []),
        ...REPRO_FIELDS.filter((f) => plan.args[f.name] !== undefined).map((f) => ({ name: f.name, value: plan.args[f.name]! })),
      ],
    })),
  };
  return [{ path: view.layout.reproModule, format: 'nim', content: render('repro/module.nim.hbs', context) }];
}
