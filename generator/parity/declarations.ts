import type { DeclaredChange, Model } from '../../model/schema/index.js';
import { formatPath, q } from '../../model/schema/rules.js';
import type { Arg } from '../resolve/argv.js';
import type { Difference } from './compare.js';
import { decidedKey, settingKey, switchEffects } from './normalise.js';

/**
 * Declared changes and the rows they cover. A declaration on a surface call covers that call's
 * row and must occur there. One on a bundle, profile or target covers every row whose current
 * argv includes it (the Tup compiles and surface calls that apply the bundle, build with the
 * profile, build the target) and must occur on at least one of them.
 */

/** A declared change with the place in the model that declares it. */
export interface Declared extends DeclaredChange {
  /** Who declares it: `call` (the row's surface call), `bundle debug`, `profile release`, `target js:ui`. */
  on: string;
  /** Where: `surfaces.invocations[4].declaredChanges[0]`, `bundles[2].declaredChanges[1]`. */
  at: string;
}

/** A `declaredChanges` list that covers a row. */
export interface Place {
  /** `call`, `bundle debug`, `profile release`, `target js:ui`. */
  on: string;
  /** `surfaces.invocations[4].declaredChanges`, `bundles[2].declaredChanges`. */
  path: string;
}

/** The declaration that covers one undeclared difference exactly, and where it may go. */
export interface Suggestion {
  /** The difference as the row prints it. */
  difference: string;
  /** Paste it with a real reason (`…` fails validation on purpose). */
  declaration: { setting: string; from?: string; to?: string; reason: string };
  /** Where it covers the row: first the place that gives the current value, then the call (or the target and profile of a Tup compile). */
  on: Place[];
}

/** What a parity row is built from. */
export interface RowSources {
  /** Index of the row's surface call in surfaces.invocations; none for a Tup compile. */
  call?: number;
  profile: string;
  target: string;
  /** The current argv with provenance. */
  args: readonly Arg[];
}

/** How a row's differences meet the declarations that cover it. */
export interface Rating {
  /** The call's declarations, then the inherited ones that cover a difference here. */
  declared: Declared[];
  /** Declarations of the call that do not occur, then every undeclared difference. */
  notes: string[];
  suggestions: Suggestion[];
  /** The differences no declaration covers. */
  undeclared: Difference[];
  /** Every declaration the row inherits from its profile, bundles and target, whether it occurs here or not. */
  inherited: Declared[];
  /** `at` of each declaration that covers a difference here. */
  used: string[];
}

/** A declaration on a bundle, profile or target that covers no difference on any row inheriting it. */
export interface UnusedDeclaration {
  declaration: Declared;
  /** Ids of the rows that inherit it. */
  rows: string[];
  /** The settings no declaration covers on those rows, as a declaration names them, with the rows they differ on: what it was likely meant for. */
  undeclared: { setting: string; rows: string[] }[];
  /** Every setting that differs on those rows, the same way. */
  differing: { setting: string; rows: string[] }[];
}

/** A declared change covers exactly one difference: the same setting, from the same value to the same value. */
export const covers = (change: DeclaredChange, diff: Difference) => settingKey(change.setting) === diff.key && change.from === diff.from && change.to === diff.to;

/** How a declared change reads in notes and reports: `nim: a -> b`, `-d:withTup: + -d:withTup`, `--hints: - --hints:on`. */
export function describeChange(change: Pick<DeclaredChange, 'setting' | 'from' | 'to'>): string {
  if (change.from === undefined) return `${change.setting}: + ${change.to ?? ''}`;
  if (change.to === undefined) return `${change.setting}: - ${change.from}`;
  return `${change.setting}: ${change.from} -> ${change.to}`;
}

/** The declaration that covers a difference, with the strings `covers` matches. */
export function declarationFor(diff: Difference): Suggestion['declaration'] {
  return { setting: diff.setting, ...(diff.from === undefined ? {} : { from: diff.from }), ...(diff.to === undefined ? {} : { to: diff.to }), reason: '…' };
}

type Owner = 'bundle' | 'profile' | 'target';

function ownerPlace(model: Model, kind: Owner, name: string): { place: Place; changes: readonly DeclaredChange[] } | undefined {
  const list: readonly { name: string; declaredChanges?: DeclaredChange[] }[] = kind === 'bundle' ? model.bundles : kind === 'profile' ? model.profiles : model.targets;
  const i = list.findIndex((item) => item.name === name);
  if (i < 0) return undefined;
  return { place: { on: `${kind} ${name}`, path: formatPath([`${kind}s`, i, 'declaredChanges']) }, changes: list[i]!.declaredChanges ?? [] };
}

const callPlace = (i: number): Place => ({ on: 'call', path: formatPath(['surfaces', 'invocations', i, 'declaredChanges']) });

const declaredAt = (place: Place, changes: readonly DeclaredChange[]): Declared[] => changes.map((c, j) => ({ ...c, on: place.on, at: `${place.path}[${j}]` }));

/** The declarations a row inherits: its profile's, those of each bundle its argv applies (in argv order), its target's. */
function inheritedBy(model: Model, sources: RowSources): Declared[] {
  const bundles = [...new Set(sources.args.flatMap((a) => (a.from.kind === 'bundle' ? [a.from.bundle] : [])))];
  const owners: [Owner, string][] = [['profile', sources.profile], ...bundles.map((b): [Owner, string] => ['bundle', b]), ['target', sources.target]];
  return owners.flatMap(([kind, name]) => {
    const found = ownerPlace(model, kind, name);
    return found ? declaredAt(found.place, found.changes) : [];
  });
}

/** Where a declaration covering `diff` may go: the bundle or target that gives the current value, then the call (a Tup compile: its target and profile). */
function placesFor(model: Model, diff: Difference, sources: RowSources): Place[] {
  let owner: Place | undefined;
  if (diff.key === 'command' || diff.key === 'source') owner = ownerPlace(model, 'target', sources.target)?.place;
  else {
    const setter = sources.args.filter((a) => switchEffects(a.value).some((e) => decidedKey(e) === diff.key)).at(-1)?.from;
    if (setter?.kind === 'bundle') owner = ownerPlace(model, 'bundle', setter.bundle)?.place;
    else if (setter?.kind === 'target') owner = ownerPlace(model, 'target', setter.target)?.place;
    else if (setter?.kind === 'nimcache' && setter.via.startsWith('target ')) owner = ownerPlace(model, 'target', sources.target)?.place;
  }
  const rest = sources.call !== undefined
    ? [callPlace(sources.call)]
    : (['target', 'profile'] as const).flatMap((kind) => ownerPlace(model, kind, kind === 'target' ? sources.target : sources.profile)?.place ?? []);
  const places = [...(owner ? [owner] : []), ...rest];
  return places.filter((p, i) => places.findIndex((o) => o.path === p.path) === i);
}

/** Why a declaration of the call covers nothing: what differs in its setting here, or which settings differ at all. */
function whyNot(change: DeclaredChange, diffs: readonly Difference[]): string {
  const same = diffs.filter((d) => d.key === settingKey(change.setting));
  if (same.length > 0) return `; here ${same.map((d) => describeChange(d)).join(', ')}`;
  if (diffs.length === 0) return '; nothing differs here';
  return `; no setting ${q(change.setting)} differs here; the settings that differ: ${[...new Set(diffs.map((d) => q(d.setting)))].join(', ')}`;
}

/**
 * Rate a row's differences (those that need a declaration) against the call's declarations and
 * the ones the row inherits.
 */
export function rateDifferences(model: Model, diffs: readonly Difference[], sources: RowSources): Rating {
  const own = sources.call === undefined ? [] : declaredAt(callPlace(sources.call), model.surfaces.invocations[sources.call]!.declaredChanges);
  const inherited = inheritedBy(model, sources);
  const all = [...own, ...inherited];
  const occurs = (c: Declared) => diffs.some((d) => covers(c, d));
  const notes = own.filter((c) => !occurs(c)).map((c) => `declared change ${describeChange(c)} does not occur${whyNot(c, diffs)}`);
  const undeclared = diffs.filter((d) => !all.some((c) => covers(c, d)));
  notes.push(...undeclared.map((d) => `undeclared: ${d.text}`));
  return {
    declared: [...own, ...inherited.filter(occurs)],
    notes,
    suggestions: undeclared.map((d) => ({ difference: d.text, declaration: declarationFor(d), on: placesFor(model, d, sources) })),
    undeclared,
    inherited,
    used: all.filter(occurs).map((c) => c.at),
  };
}

/** A rated row as `unusedDeclarations` reads it. */
export interface RatedRow {
  id: string;
  /** The differences that need a declaration. */
  diffs: readonly Difference[];
  rating: Rating;
}

/** Every declaration on a bundle, profile or target that covers no difference on any row, with what differs where it applies. */
export function unusedDeclarations(model: Model, rows: readonly RatedRow[]): UnusedDeclaration[] {
  const used = new Set(rows.flatMap((r) => r.rating.used));
  const owners: [Owner, readonly { name: string }[]][] = [['bundle', model.bundles], ['profile', model.profiles], ['target', model.targets]];
  const declared = owners.flatMap(([kind, items]) =>
    items.flatMap((item) => {
      const found = ownerPlace(model, kind, item.name)!;
      return declaredAt(found.place, found.changes);
    }),
  );
  return declared
    .filter((d) => !used.has(d.at))
    .map((declaration) => {
      const inheriting = rows.filter((r) => r.rating.inherited.some((d) => d.at === declaration.at));
      const settings = (of: (r: RatedRow) => readonly Difference[]) => {
        const found = new Map<string, string[]>();
        for (const row of inheriting) {
          for (const setting of new Set(of(row).map((d) => d.setting))) found.set(setting, [...(found.get(setting) ?? []), row.id]);
        }
        return [...found].map(([setting, ids]) => ({ setting, rows: ids }));
      };
      return { declaration, rows: inheriting.map((r) => r.id), undeclared: settings((r) => r.rating.undeclared), differing: settings((r) => r.diffs) };
    });
}
