import type { DeclaredChange, LegacyInvocation, Model, SurfaceInvocation } from '../../model/schema/index.js';
import { foldPlaceholders, normalise, parseSwitch, settingKey, showSetting, type Normalised } from './normalise.js';
import { surfaceArgv } from '../resolve/surface-call.js';

/**
 * `identical`: the same words (output and nimcache paths, source spelling aside);
 * `equivalent`: the same effective settings; `declared`: differs exactly in the settings the
 * model declares; `undeclared`: anything else.
 */
export type ParityStatus = 'identical' | 'equivalent' | 'declared' | 'undeclared';

export interface Difference {
  /** Setting key, matched against declared changes. */
  key: string;
  kind: 'added' | 'removed' | 'changed';
  /** `-d:withTup`, `--hints:off -> --hints:on` */
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
  for (const field of ['nim', 'command', 'source'] as const) {
    if (legacy[field] !== current[field]) diffs.push({ key: field, kind: 'changed', text: `${field}: ${legacy[field]} -> ${current[field]}` });
  }
  if (legacy.args.join('\0') !== current.args.join('\0')) diffs.push({ key: 'args', kind: 'changed', text: `args: ${legacy.args.join(' ')} -> ${current.args.join(' ')}` });
  for (const [key, before] of legacy.settings) {
    const after = current.settings.get(key);
    if (!after) diffs.push({ key, kind: 'removed', text: showSetting(before) });
    else if (JSON.stringify(before.value) !== JSON.stringify(after.value)) diffs.push({ key, kind: 'changed', text: `${showSetting(before)} -> ${showSetting(after)}` });
  }
  for (const [key, after] of current.settings) {
    if (!legacy.settings.has(key)) diffs.push({ key, kind: 'added', text: showSetting(after) });
  }
  return diffs;
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
  const declaredKeys = new Set(call.declaredChanges.map((c) => settingKey(c.setting)));
  const diffKeys = new Set(diffs.map((d) => d.key));
  const notes = call.declaredChanges.filter((c) => !diffKeys.has(settingKey(c.setting))).map((c) => `declared change of ${c.setting} does not occur`);
  const undeclared = diffs.filter((d) => !declaredKeys.has(d.key));
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

/** One row per legacy invocation, in the baseline's order. */
export function computeParity(model: Model): ParityRow[] {
  return model.legacy.invocations.map((legacy) => {
    const call = model.surfaces.invocations.find((s) => s.legacy === legacy.id);
    // Validation guarantees a call per invocation; a model built by hand may still lack one.
    if (!call) throw new Error(`legacy invocation '${legacy.id}' has no surface call`);
    return compareInvocation(legacy, call, model);
  });
}

export const failed = (rows: readonly ParityRow[]) => rows.some((r) => r.status === 'undeclared');
