import { rateTupBaseline } from './tup-baseline.js';
import type { DeadInvocation, LegacyInvocation, Model, SurfaceInvocation } from '../../model/schema/index.js';
import { surfaceArgv, surfaceOf } from '../resolve/surface-call.js';
import { rateDifferences, unusedDeclarations, type Declared, type RatedRow, type Suggestion, type UnusedDeclaration } from './declarations.js';
import { foldPlaceholders, normalise, parseSwitch, showSetting, type Normalised } from './normalise.js';

/**
 * `identical`: the same words (output and nimcache paths, source spelling aside);
 * `equivalent`: the same effective settings; `declared`: differs exactly as the model declares
 * (on the surface call, or on a bundle, profile or target the row applies), setting by setting
 * and value by value; `undeclared`: a difference no declaration covers, or a declaration of the
 * row's own surface call that does not occur; `dead`: a legacy invocation that cannot build
 * (legacy.dead), which nothing replaces; `new`: a surface call that replaces no legacy invocation.
 */
export type ParityStatus = 'identical' | 'equivalent' | 'declared' | 'undeclared' | 'dead' | 'new';

export interface Difference {
  /** Setting key, matched against declared changes. */
  key: string;
  /** The setting as a declaration names it: `--lineDir`, `-d:withTup`, `nim`; `settingKey(setting) === key`. */
  setting: string;
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
  /** The platform it builds for (a Tup variant's, or the call's `--platform`); '' for the host's. */
  platform: string;
  legacyFile: string;
  legacyLine: number;
  status: ParityStatus;
  added: string[];
  removed: string[];
  changed: string[];
  /** The call's declared changes, then those of its bundles, profile and target that occur here. */
  declared: Declared[];
  /** Declared changes of the call that do not occur, and other reasons for an `undeclared` status. */
  notes: string[];
  /** For each undeclared difference, the declaration that covers it and where it may go. */
  suggestions: Suggestion[];
  legacy: { nim: string; argv: string[] };
  current: { nim: string; argv: string[] };
}

/** Settings that differ between the legacy and the current command line, in a stable order. */
export function differences(legacy: Normalised, current: Normalised): Difference[] {
  const diffs: Difference[] = [];
  const field = (key: string, from: string, to: string) => {
    if (from !== to) diffs.push({ key, setting: key, kind: 'changed', from, to, text: `${key}: ${from} -> ${to}` });
  };
  field('nim', legacy.nim, current.nim);
  field('command', legacy.command, current.command);
  field('source', legacy.source, current.source);
  if (legacy.args.join('\0') !== current.args.join('\0')) field('args', legacy.args.join(' '), current.args.join(' '));
  for (const [key, before] of legacy.settings) {
    const after = current.settings.get(key);
    const from = showSetting(before);
    if (!after) diffs.push({ key, setting: before.name, kind: 'removed', from, text: from });
    else if (JSON.stringify(before.value) !== JSON.stringify(after.value)) diffs.push({ key, setting: after.name, kind: 'changed', from, to: showSetting(after), text: `${from} -> ${showSetting(after)}` });
  }
  for (const [key, after] of current.settings) {
    if (!legacy.settings.has(key)) diffs.push({ key, setting: after.name, kind: 'added', to: showSetting(after), text: showSetting(after) });
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
  return rateInvocation(legacy, call, model).row;
}

/** A row and what its rating read, for the declarations that occur nowhere. */
export interface Rated extends RatedRow {
  row: ParityRow;
}

function rateInvocation(legacy: LegacyInvocation, call: SurfaceInvocation, model: Model): Rated {
  const args = surfaceArgv(model, call);
  const argv = args.map((a) => a.value);
  const before = normalise(legacy.nim, legacy.argv, { cwd: legacy.cwd });
  const after = normalise(call.nim, argv, { sourceRoot: '.' });
  const diffs = differences(before, after);
  const rating = rateDifferences(model, diffs, { call: model.surfaces.invocations.indexOf(call), profile: call.profile, target: call.target, args });

  let status: ParityStatus;
  if (rating.notes.length > 0) status = 'undeclared';
  else if (diffs.length > 0) status = 'declared';
  else {
    const same = JSON.stringify(comparableWords(legacy.nim, legacy.argv, before.source)) === JSON.stringify(comparableWords(call.nim, argv, after.source));
    status = same ? 'identical' : 'equivalent';
  }
  const texts = (kind: Difference['kind']) => diffs.filter((d) => d.kind === kind).map((d) => d.text);
  const row: ParityRow = {
    id: legacy.id,
    surface: legacy.surface,
    target: call.target,
    profile: call.profile,
    platform: call.platform ?? '',
    legacyFile: legacy.file,
    legacyLine: legacy.line,
    status,
    added: texts('added'),
    removed: texts('removed'),
    changed: texts('changed'),
    declared: rating.declared,
    notes: rating.notes,
    suggestions: rating.suggestions,
    legacy: { nim: legacy.nim, argv: legacy.argv },
    current: { nim: call.nim, argv },
  };
  return { id: row.id, row, diffs, rating };
}

/** A dead legacy invocation as parity lists it: no target, no current command, the reason as its note. */
function deadRow(dead: DeadInvocation): ParityRow {
  return {
    id: dead.id, surface: dead.surface, target: '', profile: '', platform: '', legacyFile: dead.file, legacyLine: dead.line, status: 'dead',
    added: [], removed: [], changed: [], declared: [], notes: [`${dead.source}: ${dead.reason}`], suggestions: [],
    legacy: { nim: '', argv: [] }, current: { nim: '', argv: [] },
  };
}

/** A surface call that replaces no legacy invocation: nothing to compare, listed with what it runs. Its id is its place in the model. */
function newRow(call: SurfaceInvocation, index: number, model: Model): ParityRow {
  return {
    id: `surfaces.invocations[${index}]`, surface: surfaceOf(model, call) ?? '', target: call.target, profile: call.profile, platform: call.platform ?? '', legacyFile: '', legacyLine: 0, status: 'new',
    added: [], removed: [], changed: [], declared: [], notes: [`builds ${call.target} in ${call.unit}; no legacy invocation to compare with`], suggestions: [],
    legacy: { nim: '', argv: [] }, current: { nim: call.nim, argv: surfaceArgv(model, call).map((a) => a.value) },
  };
}

/** Every row of `ct-gen parity`, and the declarations on bundles, profiles and targets that occur on none of them. */
export interface ParityReport {
  rows: ParityRow[];
  unused: UnusedDeclaration[];
}

/**
 * One row per legacy invocation, in the baseline's order: Tup's recorded compiles, the other
 * surfaces', the dead ones; then the calls that build new artefacts.
 */
export function parityReport(model: Model): ParityReport {
  const rated = [...rateTupBaseline(model), ...model.legacy.invocations.map((legacy) => {
    const call = model.surfaces.invocations.find((s) => s.legacy === legacy.id || s.alsoReplaces.includes(legacy.id));
    // Validation guarantees a call per invocation; a model built by hand may still lack one.
    if (!call) throw new Error(`legacy invocation '${legacy.id}' has no surface call`);
    return rateInvocation(legacy, call, model);
  })];
  const fresh = model.surfaces.invocations.flatMap((call, i) => (call.legacy === undefined ? [newRow(call, i, model)] : []));
  return { rows: [...rated.map((r) => r.row), ...model.legacy.dead.map(deadRow), ...fresh], unused: unusedDeclarations(model, rated) };
}

/** The rows of `parityReport`. */
export const computeParity = (model: Model): ParityRow[] => parityReport(model).rows;

/** Parity fails on an undeclared row and on a declaration that occurs nowhere. */
export const failed = ({ rows, unused }: ParityReport) => unused.length > 0 || rows.some((r) => r.status === 'undeclared');
