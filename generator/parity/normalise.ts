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
function effects(parsed: ParsedSwitch): ParsedSwitch[] {
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
export const foldPlaceholders = (word: string) => word.replace(/\$\{([^}]+?)\.outPath\}/g, '${$1}');

const onOff = (value: string) => (value === '' || /^on$/i.test(value) ? 'on' : /^off$/i.test(value) ? 'off' : value);

export interface ParsedSwitch {
  /** Setting key: `switch:<name>`, `switch:hint:<x>`, `define:<name>`, `undef:<name>`, `out`, `nimcache`. */
  key: string;
  /** How the setting is named for people. */
  name: string;
  value: string;
  accumulates: boolean;
}

/** Read one nim switch word; undefined when the word is not a switch. */
export function parseSwitch(word: string): ParsedSwitch | undefined {
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

/** Fold a nim command line (binary and argv) into its effective settings. */
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
    const values = [...((settings.get(parsed.key)?.value as string[] | undefined) ?? []), parsed.value];
    settings.set(parsed.key, { name, value: UNORDERED.has(parsed.key.slice('switch:'.length)) ? [...new Set(values)].sort() : values });
  }
}

function repoPath(source: string, { cwd = '.', sourceRoot }: NormaliseOptions): string {
  if (sourceRoot !== undefined && source.startsWith(`${sourceRoot}/`)) return posix.normalize(source.slice(sourceRoot.length + 1));
  return posix.normalize(posix.join(cwd, source));
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
