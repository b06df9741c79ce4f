import { tupBaselineParity } from './tup-baseline.js';
import type { DeadInvocation, DeclaredChange, LegacyInvocation, Model, SurfaceInvocation } from '../../model/schema/index.js';
import { surfaceArgv } from '../resolve/surface-call.js';
import { foldPlaceholders, normalise, parseSwitch, settingKey, showSetting, type Normalised } from './normalise.js';

/**
 * `identical`: the same words (output and nimcache paths, source spelling aside);
 * `equivalent`: the same effective settings; `declared`: differs exactly as the model declares,
 * setting by setting and value by value; `undeclared`: anything else; `dead`: a legacy
 * invocation that cannot build (legacy.dead), which nothing replaces.
 */
export type ParityStatus = 'identical' | 'equivalent' | 'declared' | 'undeclared' | 'dead';

export interface Difference {
  /** Setting key, matched against declared changes. */
  key: string;
  kind: 'added' | 'removed' | 'changed';
  /** The legacy side as parity prints it (`--hints:off`, or the nim binary); absent for `added`. */
  from?: string;
  /** The current side; absent for `removed`. */
  to?: string;
  /** `-d:withTup`, `--hints:off -> --hints:on`, `nim: a -> b` */
  text: string;
}

export interface ParityRow {
  id: string;
  surface: string;
  target: string;
  profile: string;
  legacyFile: string;
  legacyLine: number;
  status: ParityStatus;
  added: string[];
  removed: string[];
  changed: string[];
  declared: DeclaredChange[];
  /** Declared changes that do not occur, and other reasons for an `undeclared` status. */
  notes: string[];
  legacy: { nim: string; argv: string[] };
  current: { nim: string; argv: string[] };
}

/** Settings that differ between the legacy and the current command line, in a stable order. */
export function differences(legacy: Normalised, current: Normalised): Difference[] {
  const diffs: Difference[] = [];
  const field = (key: string, from: string, to: string) => {
    if (from !== to) diffs.push({ key, kind: 'changed', from, to, text: `${key}: ${from} -> ${to}` });
  };
  field('nim', legacy.nim, current.nim);
  field('command', legacy.command, current.command);
  field('source', legacy.source, current.source);
  if (legacy.args.join('\0') !== current.args.join('\0')) field('args', legacy.args.join(' '), current.args.join(' '));
  for (const [key, before] of legacy.settings) {
    const after = current.settings.get(key);
    const from = showSetting(before);
    if (!after) diffs.push({ key, kind: 'removed', from, text: from });
    else if (JSON.stringify(before.value) !== JSON.stringify(after.value)) diffs.push({ key, kind: 'changed', from, to: showSetting(after), text: `${from} -> ${showSetting(after)}` });
  }
  for (const [key, after] of current.settings) {
    if (!legacy.settings.has(key)) diffs.push({ key, kind: 'added', to: showSetting(after), text: showSetting(after) });
  }
  return diffs;
}

/** A declared change covers exactly one difference: the same setting, from the same value to the same value. */
const covers = (change: DeclaredChange, diff: Difference) => settingKey(change.setting) === diff.key && change.from === diff.from && change.to === diff.to;

/** How a declared change reads in notes and reports: `nim: a -> b`, `+ -d:withTup`, `- --hints:on`. */
export function describeChange(change: DeclaredChange): string {
  if (change.from === undefined) return `${change.setting}: + ${change.to ?? ''}`;
  if (change.to === undefined) return `${change.setting}: - ${change.from}`;
  return `${change.setting}: ${change.from} -> ${change.to}`;
}

/** The words of a command line with the parts parity sets aside made uniform. */
function comparableWords(nim: string, argv: readonly string[], source: string): string[] {
  const words = argv.map((word) => {
    const key = parseSwitch(word)?.key;
    return key === 'out' || key === 'nimcache' ? `${key}:*` : foldPlaceholders(word);
  });
  const last = words.length - 1;
  if (last >= 0 && !words[last]!.startsWith('-')) words[last] = source;
  return [foldPlaceholders(nim), ...words];
}

export function compareInvocation(legacy: LegacyInvocation, call: SurfaceInvocation, model: Model): ParityRow {
  const argv = surfaceArgv(model, call).map((a) => a.value);
  const before = normalise(legacy.nim, legacy.argv, { cwd: legacy.cwd });
  const after = normalise(call.nim, argv, { sourceRoot: '.' });
  const diffs = differences(before, after);
  const notes = call.declaredChanges.filter((c) => !diffs.some((d) => covers(c, d))).map((c) => `declared change ${describeChange(c)} does not occur`);
  const undeclared = diffs.filter((d) => !call.declaredChanges.some((c) => covers(c, d)));
  notes.push(...undeclared.map((d) => `undeclared: ${d.text}`));

  let status: ParityStatus;
  if (notes.length > 0) status = 'undeclared';
  else if (diffs.length > 0) status = 'declared';
  else {
    const same = JSON.stringify(comparableWords(legacy.nim, legacy.argv, before.source)) === JSON.stringify(comparableWords(call.nim, argv, after.source));
    status = same ? 'identical' : 'equivalent';
  }
  const texts = (kind: Difference['kind']) => diffs.filter((d) => d.kind === kind).map((d) => d.text);
  return {
    id: legacy.id,
    surface: legacy.surface,
    target: call.target,
    profile: call.profile,
    legacyFile: legacy.file,
    legacyLine: legacy.line,
    status,
    added: texts('added'),
    removed: texts('removed'),
    changed: texts('changed'),
    declared: call.declaredChanges,
    notes,
    legacy: { nim: legacy.nim, argv: legacy.argv },
    current: { nim: call.nim, argv },
  };
}

/** A dead legacy invocation as parity lists it: no target, no current command, the reason as its note. */
function deadRow(dead: DeadInvocation): ParityRow {
  return {
    id: dead.id, surface: dead.surface, target: '', profile: '', legacyFile: dead.file, legacyLine: dead.line, status: 'dead',
    added: [], removed: [], changed: [], declared: [], notes: [`${dead.source}: ${dead.reason}`],
    legacy: { nim: '', argv: [] }, current: { nim: '', argv: [] },
  };
}

/** One row per legacy invocation, in the baseline's order: Tup's recorded compiles, the other surfaces', then the dead ones. */
export function computeParity(model: Model): ParityRow[] {
  return [...tupBaselineParity(model), ...model.legacy.invocations.map((legacy) => {
    const call = model.surfaces.invocations.find((s) => s.legacy === legacy.id || s.alsoReplaces.includes(legacy.id));
    // Validation guarantees a call per invocation; a model built by hand may still lack one.
    if (!call) throw new Error(`legacy invocation '${legacy.id}' has no surface call`);
    return compareInvocation(legacy, call, model);
  }), ...model.legacy.dead.map(deadRow)];
}

export const failed = (rows: readonly ParityRow[]) => rows.some((r) => r.status === 'undeclared');
