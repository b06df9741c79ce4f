import { posix } from 'node:path';

/**
 * nim's reading of a command line, reduced to the settings that decide what it builds: each
 * switch's final value (the later switch wins), the set of defines, the command and the source.
 * Spelling that nim treats alike is folded here, so two command lines compare equal exactly
 * when nim would build the same way.
 */
export interface Normalised {
  nim: string;
  command: string;
  /** Repository-relative path of the main module. */
  source: string;
  /** Words after the source (program arguments of `nim c -r`); normally none. */
  args: string[];
  /** Setting key (`switch:hints`, `define:ctentrypoint`) → how it reads and its final value. */
  settings: Map<string, Setting>;
  /** The `--out:` value; compared by nobody, kept for reports. */
  out: string | undefined;
}

export interface Setting {
  /** The setting's name as first written: `--hint[Processing]`, `-d:ctEntrypoint`, `--passL`. */
  name: string;
  /** Final value: `on`, `refc`, `true` for a bare define; every value, in order, for switches that add up. */
  value: string | string[];
}

/** Short names nim accepts for the same switch. */
const ALIASES: Record<string, string> = { d: 'define', u: 'undef', gc: 'mm', o: 'out', p: 'path', w: 'warnings', f: 'forcebuild', b: 'backend' };

/** Switches where every occurrence adds to a list instead of replacing the previous value. */
const ACCUMULATING = new Set([
  'passl', 'passc', 'path', 'dynliboverride', 'import', 'include', 'cincludes', 'clibdir', 'clib', 'excludepath', 'nimblepath',
  'link', 'compile', 'cppdefine', 'experimental',
]);

/** Accumulating switches nim keeps as a set (a table or a set of features): order and repeats mean nothing. */
const UNORDERED = new Set(['dynliboverride', 'cppdefine', 'experimental']);

/**
 * Built-in values nim gives these switches in every configuration, so writing them out changes
 * nothing. Codetracer's nim.cfg at the baseline does not set it.
 */
export const NIM_DEFAULTS: Readonly<Record<string, string>> = { hotcodereloading: 'off' };

/**
 * Switches whose effect nim 1.6 (compiler/commands.nim) does not read off their value alone:
 * `--sourcemap` ignores its argument and turns source maps and line directives on, so
 * `--sourcemap:off` is `--sourcemap:on`; `--hotCodeReloading:on` also defines `hotcodereloading`
 * and `useNimRtl`, and `:off` undefines both (on MSVC `:on` also adds `/MD`, which `:off` keeps;
 * Codetracer builds with gcc, clang and the JS backend).
 */
function effects(parsed: Readonly<ParsedSwitch>): readonly Readonly<ParsedSwitch>[] {
  const define = (name: string, state: boolean): ParsedSwitch => ({ key: `${state ? 'define' : 'undef'}:${nimIdent(name)}`, name: `-d:${name}`, value: 'true', accumulates: false });
  if (parsed.key === 'switch:sourcemap') {
    return [{ ...parsed, value: 'on' }, { key: 'switch:linedir', name: '--lineDir', value: 'on', accumulates: false }];
  }
  if (parsed.key === 'switch:hotcodereloading') {
    const on = parsed.value === 'on';
    return [parsed, define('hotcodereloading', on), define('useNimRtl', on)];
  }
  return [parsed];
}

const COMMANDS: Record<string, string> = { c: 'c', cc: 'c', compile: 'c', compiletoc: 'c', js: 'js', compiletojs: 'js', cpp: 'cpp', compiletocpp: 'cpp' };

const SWITCH = /^--?([A-Za-z][A-Za-z0-9_]*)(?:\[([^\]]*)\])?(?:[:=](.*))?$/s;

/** nim compares switch and define names ignoring case and underscores. */
export const nimIdent = (name: string) => name.toLowerCase().replace(/_/g, '');

/**
 * `${drv.outPath}` and `${drv}` interpolate the same store path. `${drv.out}` is another output
 * whenever `out` is not the derivation's first, so it stays as written.
 */
export const foldPlaceholders = (word: string) => (word.includes('.outPath}') ? word.replace(/\$\{([^}]+?)\.outPath\}/g, '${$1}') : word);

const onOff = (value: string) => (value === '' || /^on$/i.test(value) ? 'on' : /^off$/i.test(value) ? 'off' : value);

export interface ParsedSwitch {
  /** Setting key: `switch:<name>`, `switch:hint:<x>`, `define:<name>`, `undef:<name>`, `out`, `nimcache`. */
  key: string;
  /** How the setting is named for people. */
  name: string;
  value: string;
  accumulates: boolean;
}

/**
 * Words already read, with what each reads as. The same switches recur across every target ×
 * profile × platform, so a model's argvs are read from here almost always; the results are frozen.
 */
const PARSED = new Map<string, Readonly<ParsedSwitch> | undefined>();

/** Read one nim switch word; undefined when the word is not a switch. */
export function parseSwitch(word: string): Readonly<ParsedSwitch> | undefined {
  if (PARSED.has(word)) return PARSED.get(word);
  const parsed = readSwitch(word);
  PARSED.set(word, parsed && Object.freeze(parsed));
  return parsed;
}

function readSwitch(word: string): ParsedSwitch | undefined {
  const m = SWITCH.exec(word);
  if (!m) return undefined;
  const [, rawName = '', bracket, rawValue] = m;
  const name = ALIASES[nimIdent(rawName)] ?? nimIdent(rawName);
  const value = rawValue ?? '';
  if (name === 'define' || name === 'undef') {
    const [, defName = '', , defValue] = /^([^=:]*)([=:](.*))?$/s.exec(value) ?? [];
    return { key: `${name}:${nimIdent(defName)}`, name: `-d:${defName}`, value: defValue ?? 'true', accumulates: false };
  }
  if (name === 'out' || name === 'nimcache' || name === 'outdir') return { key: name, name: `--${name}`, value, accumulates: false };
  if ((name === 'hint' || name === 'warning') && bracket === undefined && /^[^:=]+[:=]/.test(value)) {
    const [, note = '', state = ''] = /^([^:=]+)[:=](.*)$/s.exec(value)!;
    return { key: `switch:${name}:${nimIdent(note)}`, name: `--${rawName}[${note}]`, value: onOff(state), accumulates: false };
  }
  if (bracket !== undefined) return { key: `switch:${name}:${nimIdent(bracket)}`, name: `--${rawName}[${bracket}]`, value: onOff(value), accumulates: false };
  const folded = name === 'mm' ? value.toLowerCase() : onOff(value);
  return { key: `switch:${name}`, name: `--${name === 'mm' ? 'mm' : rawName}`, value: folded, accumulates: ACCUMULATING.has(name) };
}

export interface NormaliseOptions {
  /** Directory the command ran in, relative to the repository root (legacy invocations). */
  cwd?: string;
  /** Absolute or relative root the source path starts with (driver invocations). */
  sourceRoot?: string;
}

/** Fold a nim command line (binary and argv) into its effective settings; `--path` values are made repository-relative. */
export function normalise(nim: string, argv: readonly string[], options: NormaliseOptions = {}): Normalised {
  const settings = new Map<string, Setting>();
  const positional: string[] = [];
  let out: string | undefined;
  for (const raw of argv) {
    const word = foldPlaceholders(raw);
    const parsed = word.startsWith('-') ? parseSwitch(word) : undefined;
    if (!parsed) {
      positional.push(word);
      continue;
    }
    if (parsed.key === 'out') out = parsed.value;
    else if (parsed.key === 'switch:path') apply(settings, { ...parsed, value: repoPath(parsed.value, options) });
    else for (const effect of effects(parsed)) apply(settings, effect);
  }
  for (const [name, value] of Object.entries(NIM_DEFAULTS)) {
    if (settings.get(`switch:${name}`)?.value === value) settings.delete(`switch:${name}`);
  }
  const [command = '', source = '', ...args] = positional;
  return { nim: foldPlaceholders(nim), command: COMMANDS[command.toLowerCase()] ?? command, source: repoPath(source, options), args, settings, out };
}

/** One switch's effect on the settings read so far. */
function apply(settings: Map<string, Setting>, parsed: ParsedSwitch): void {
  const name = settings.get(parsed.key)?.name ?? parsed.name;
  if (parsed.key === 'nimcache') settings.set('nimcache', { name: '--nimcache', value: 'set' });
  else if (parsed.key.startsWith('undef:')) settings.delete(`define:${parsed.key.slice('undef:'.length)}`);
  else if (!parsed.accumulates) settings.set(parsed.key, { name, value: parsed.value });
  else {
    // The list is this map's own (made here), so a later occurrence adds to it in place.
    const values = (settings.get(parsed.key)?.value as string[] | undefined) ?? [];
    values.push(parsed.value);
    settings.set(parsed.key, { name, value: UNORDERED.has(parsed.key.slice('switch:'.length)) ? [...new Set(values)].sort() : values });
  }
}

/** A relative path `posix.normalize` keeps as it is: no `.` or `..` segment, no empty one, no trailing slash. */
const NORMAL_RELATIVE = /^(?!\.\.?(?:\/|$))[^/]+(?:\/(?!\.\.?(?:\/|$))[^/]+)*$/;

/**
 * A path of a command line as the repository sees it: relative to the root, resolved against the
 * working directory. An absolute path outside the root and one that starts with a host
 * variable (`${APP_DIR}/lib`) stay as written, normalised.
 */
export function repoPath(path: string, { cwd = '.', sourceRoot }: NormaliseOptions): string {
  if (sourceRoot !== undefined && path.startsWith(`${sourceRoot}/`)) return posix.normalize(path.slice(sourceRoot.length + 1));
  if (sourceRoot !== undefined && path === sourceRoot) return '.';
  if (posix.isAbsolute(path) || path.startsWith('${')) return posix.normalize(path);
  if (cwd === '.' && NORMAL_RELATIVE.test(path)) return path;
  return posix.normalize(posix.join(cwd, path));
}

/** The key a declared change names: `-d:withTup`, `--hints`, `--hint[Processing]`, or `nim`, `command`, `source`, `args`. */
export function settingKey(setting: string): string {
  if (['nim', 'command', 'source', 'args'].includes(setting)) return setting;
  return parseSwitch(setting)?.key ?? setting;
}

/** How a setting reads in a report: `-d:ssl`, `-d:libcPath=libc`, `--hints:on`, `--passL:a --passL:b`. */
export function showSetting(setting: Setting): string {
  if (setting.name.startsWith('-d:')) return setting.value === 'true' ? setting.name : `${setting.name}=${setting.value}`;
  if (setting.name === '--nimcache') return '--nimcache';
  if (Array.isArray(setting.value)) return setting.value.map((v) => `${setting.name}:${v}`).join(' ');
  return `${setting.name}:${setting.value}`;
}

/**
 * Switches whose occurrences compare as a multiset: which values are given, and how often,
 * decides the comparison, not their order. `--dynlibOverride` is a set already (see UNORDERED).
 */
const MULTISET = new Set(['path', 'dynliboverride', 'passc', 'passl']);

export interface EffectiveOptions {
  /** Directory the command runs in, relative to the repository root. Default: `.`. */
  cwd?: string;
  /** The repository root as absolute paths in the command spell it (`/abs/root`). Default: none. */
  root?: string;
}

/**
 * What a nim command line builds, setting by setting, as the baseline check compares it:
 * `normalise`'s settings (defines by name, every other switch by its last value, nimcache and
 * `--out` aside), `--path`, `--dynlibOverride`, `--passC` and `--passL` as sorted multisets with
 * each `--path` made repository-relative, and the pseudo-settings `command`, `source` (repository-
 * relative) and `args` (only when there are any).
 */
export function effectiveSettings(argv: readonly string[], { cwd = '.', root }: EffectiveOptions = {}): Map<string, Setting> {
  const paths = { cwd, sourceRoot: root };
  const normalised = normalise('nim', argv, paths);
  const settings = new Map<string, Setting>([
    ['command', { name: 'command', value: normalised.command }],
    ['source', { name: 'source', value: normalised.source }],
  ]);
  if (normalised.args.length > 0) settings.set('args', { name: 'args', value: normalised.args });
  for (const [key, setting] of normalised.settings) {
    const name = key.startsWith('switch:') ? key.slice('switch:'.length) : '';
    if (!MULTISET.has(name)) settings.set(key, setting);
    else {
      // normalise made every --path repository-relative already.
      settings.set(key, { name: setting.name, value: [...(setting.value as string[])].sort() });
    }
  }
  return settings;
}

/** One setting that differs: `before` is absent for an added setting, `after` for a removed one. */
export interface SettingChange {
  key: string;
  /** The setting as people name it: `-d:ssl`, `--mm`, `--passL`, `source`. */
  name: string;
  before?: string;
  after?: string;
}

/**
 * How two sets of effective settings differ, in `before`'s order, then added settings. A
 * multiset switch differs value by value (`--passL:-lz` added), every other one as a whole.
 */
export function diffSettings(before: ReadonlyMap<string, Setting>, after: ReadonlyMap<string, Setting>): SettingChange[] {
  const changes: SettingChange[] = [];
  const keys = [...before.keys(), ...[...after.keys()].filter((k) => !before.has(k))];
  for (const key of keys) {
    const a = before.get(key);
    const b = after.get(key);
    const name = (a ?? b)!.name;
    if (key.startsWith('switch:') && MULTISET.has(key.slice('switch:'.length))) {
      const left = counts(a);
      const right = counts(b);
      for (const [value, n] of left) for (let i = right.get(value) ?? 0; i < n; i++) changes.push({ key, name, before: value });
      for (const [value, n] of right) for (let i = left.get(value) ?? 0; i < n; i++) changes.push({ key, name, after: value });
      continue;
    }
    const shown = (s: Setting | undefined) => (s === undefined ? undefined : Array.isArray(s.value) ? s.value.join(' ') : s.value);
    if (shown(a) === shown(b)) continue;
    changes.push({ key, name, ...(a && { before: shown(a) }), ...(b && { after: shown(b) }) });
  }
  return changes;
}

function counts(setting: Setting | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const value of (setting?.value as string[] | undefined) ?? []) out.set(value, (out.get(value) ?? 0) + 1);
  return out;
}

/** A change as one line: `-d:nimOldCaseObjects removed`, `--passL:-lz added`, `--mm: refc -> orc`. */
export function showSettingChange(change: SettingChange): string {
  if (change.before === undefined) return `${showSetting({ name: change.name, value: change.after! })} added`;
  if (change.after === undefined) return `${showSetting({ name: change.name, value: change.before })} removed`;
  return `${change.name}: ${change.before} -> ${change.after}`;
}

/**
 * The two sides of a `diffSettings` change as parity prints them and a declared change names
 * them: `--passL:-lz` (one value of a multiset switch), `--link:a --link:b`, `-d:x=1`, or the bare
 * value of `command`, `source` and `args`.
 */
export function changeSides(change: SettingChange, before: ReadonlyMap<string, Setting>, after: ReadonlyMap<string, Setting>): { from?: string; to?: string } {
  const side = (value: string | undefined, setting: Setting | undefined) => {
    if (value === undefined || setting === undefined) return undefined;
    if (['command', 'source', 'args'].includes(change.key)) return value;
    const multiset = change.key.startsWith('switch:') && MULTISET.has(change.key.slice('switch:'.length));
    return multiset ? showSetting({ name: setting.name, value }) : showSetting(setting);
  };
  const from = side(change.before, before.get(change.key));
  const to = side(change.after, after.get(change.key));
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/** What one word of a command line sets, as nim reads it: none for a non-switch, several for `--sourcemap` or `--hotCodeReloading`. */
export function switchEffects(word: string): readonly Readonly<ParsedSwitch>[] {
  const parsed = word.startsWith('-') ? parseSwitch(foldPlaceholders(word)) : undefined;
  return parsed ? effects(parsed) : [];
}

/** The setting an effect decides: an `--undef` decides the define it removes. */
export const decidedKey = (effect: ParsedSwitch) => (effect.key.startsWith('undef:') ? `define:${effect.key.slice('undef:'.length)}` : effect.key);

/** One setting of a switch that a later switch decides instead. */
export interface Overridden {
  /** What this switch set, as parity prints it: `--lineDir:on`, `-d:useNimRtl`. */
  setting: string;
  /** The value that wins: `--lineDir:off`, or `-d:useNimRtl undefined`. */
  wins: string;
  /** Index in argv of the last switch deciding the setting: the winner. */
  by: number;
  /** The winner gives the setting the value this switch gave it. */
  sameValue: boolean;
}

/**
 * For each word of an argv, the settings it gives that a later switch decides (the later switch
 * wins): same setting key as normalise reads it, effects included (`--sourcemap:on` turns
 * `--lineDir` on, `--hotCodeReloading:off` undefines `useNimRtl`). Switches that add up
 * (`--passL`, `--path`) are never overridden. `all` says whether every setting of the word is.
 */
export function overriddenSwitches(argv: readonly string[]): { all: boolean; settings: Overridden[] }[] {
  const effectsOf = argv.map((word) => switchEffects(word).filter((e) => !e.accumulates));
  const last = new Map<string, number>();
  effectsOf.forEach((list, i) => list.forEach((e) => last.set(decidedKey(e), i)));
  const shown = (e: ParsedSwitch) => (e.key.startsWith('undef:') ? `${e.name} undefined` : showSetting({ name: e.name, value: e.value }));
  return effectsOf.map((list, i) => {
    const settings = list.flatMap((effect): Overridden[] => {
      const by = last.get(decidedKey(effect))!;
      if (by === i) return [];
      const winner = effectsOf[by]!.filter((e) => decidedKey(e) === decidedKey(effect)).at(-1)!;
      return [{ setting: shown(effect), wins: shown(winner), by, sameValue: effect.key === winner.key && effect.value === winner.value }];
    });
    return { all: list.length > 0 && settings.length === list.length, settings };
  });
}

/** The defines of a command line as `--extra-define` takes them (`NAME` or `NAME=VALUE`), as nim reads `-d:`, `--define:`, `-D=`. */
export function definesIn(words: readonly string[]): string[] {
  return words.flatMap((word) => {
    const parsed = word.startsWith('-') ? parseSwitch(word) : undefined;
    if (!parsed?.key.startsWith('define:')) return [];
    const name = parsed.name.slice('-d:'.length);
    return [parsed.value === 'true' ? name : `${name}=${parsed.value}`];
  });
}

/** The `--out:`/`-o:` value of a command line: the last one, as nim reads it. */
export const outputIn = (words: readonly string[]): string | undefined => words.map((w) => (w.startsWith('-') ? parseSwitch(w) : undefined)).filter((p) => p?.key === 'out').at(-1)?.value;
