import { posix } from 'node:path';
import { z } from 'zod';
import { PLACEHOLDER, type Legacy } from './legacy.js';
import type { Surfaces } from './surfaces.js';
import { q } from './rules.js';

interface Named { name: string }
interface ModelShape {
  bundles: Named[];
  profiles: Named[];
  targets: (Named & { output: string; kind: string })[];
  platforms: (Named & { exeSuffix: string })[];
  packaging: { platforms: (Named & { binaries: { target: string }[] })[] };
  legacy: Legacy;
  surfaces: Surfaces;
}

/**
 * What the rules need to know of one build surface; the output families declare them
 * (`generator/families/registry.ts`), so these rules name no surface themselves.
 */
export interface SurfaceRule {
  kind: string;
  /** What a `${name}` may be in the host; undefined: the surface takes no placeholders. */
  placeholder?: {
    pattern: RegExp;
    what: string;
    /** A further test of a name the pattern admits (a Nix keyword is no attribute). */
    accepts?: (name: string) => boolean;
    /** A value holding a placeholder cannot hold a single quote, and why (the rest of the message). */
    noSingleQuote?: string;
  };
  /** What a call's unit must be named in the host, if anything (a recipe name, a Nix attribute). */
  unit?: { test: (unit: string) => boolean; what: string };
  /** A call without a legacy invocation (a new artefact) may name this surface; if not, why not. */
  newCalls: true | { refused: string };
  /** Calls may copy the artefact after the build (`alsoCopyTo`). */
  copies?: boolean;
  /** Every call of the surface shares one nim, not only the calls of one unit, and why. */
  oneNim?: { why: string };
}


/** Where a path lands, relative to the repository root, for a command run in `cwd`. */
const fromRoot = (cwd: string, path: string) => posix.normalize(posix.join(cwd, path));

/**
 * Cross-field rules of the legacy baseline and the surfaces: every reference resolves, every
 * surface is one the families render, every legacy invocation is replaced by exactly one surface
 * call that builds the same target into the same place, a call without legacy (a new artefact)
 * names a surface that takes one, each host unit can be generated (one nim per unit), and
 * placeholders are what the host can write. Each family's own rules come on top.
 */
export function checkSurfaces(model: ModelShape, ctx: z.RefinementCtx, surfaces: readonly SurfaceRule[]): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const names = (items: Named[]) => items.map((i) => i.name);
  const known = (value: string, choices: string[], what: string, path: (string | number)[]) => {
    if (!choices.includes(value)) issue(path, `unknown ${what} ${q(value)}; known: ${choices.join(', ')}`);
  };
  const targets = names(model.targets);
  const kinds = surfaces.map((s) => s.kind);
  const ruleOf = (kind: string) => surfaces.find((s) => s.kind === kind);
  const newCallSurfaces = surfaces.filter((s) => s.newCalls === true).map((s) => s.kind);
  const copying = surfaces.filter((s) => s.copies).map((s) => s.kind);

  const legacyIndex = new Map<string, number>();
  model.legacy.invocations.forEach((l, i) => {
    const first = legacyIndex.get(l.id);
    if (first !== undefined) issue(['legacy', 'invocations', i, 'id'], `duplicate legacy id ${q(l.id)} (first at legacy.invocations[${first}])`);
    else legacyIndex.set(l.id, i);
    known(l.surface, kinds, 'surface', ['legacy', 'invocations', i, 'surface']);
    known(l.target, targets, 'target', ['legacy', 'invocations', i, 'target']);
    const outs = l.argv.flatMap((w, j) => (/^--?(out|o)[:=]/i.test(w) ? [{ j, value: w.replace(/^--?(out|o)[:=]/i, '') }] : []));
    if (outs.length !== 1) {
      issue(['legacy', 'invocations', i, 'argv'], `must hold exactly one --out: word, the output ${q(l.output)} (found ${outs.map((o) => q(o.value)).join(', ') || 'none'})`);
    } else if (outs[0]!.value !== l.output) {
      // Either may be the mistake: both places are named.
      const { j, value } = outs[0]!;
      issue(['legacy', 'invocations', i, 'output'], `${q(l.output)} must equal the --out: word of argv, ${q(value)} (legacy.invocations[${i}].argv[${j}])`);
      issue(['legacy', 'invocations', i, 'argv', j], `${q(l.argv[j])} must write the output, ${q(l.output)} (legacy.invocations[${i}].output)`);
    }
  });

  const covered = new Map<string, number>();
  /** The first call of each host unit (`kind unit`; all Nix calls together), whose nim the others must share. */
  const firstNim = new Map<string, number>();
  model.surfaces.invocations.forEach((s, i) => {
    const path = (...rest: (string | number)[]) => ['surfaces', 'invocations', i, ...rest];
    const legacyAt = s.legacy === undefined ? undefined : legacyIndex.get(s.legacy);
    const replaced: [string, (string | number)[]][] = [
      ...(s.legacy === undefined ? [] : [[s.legacy, path('legacy')] as [string, (string | number)[]]]),
      ...s.alsoReplaces.map((id, j): [string, (string | number)[]] => [id, path('alsoReplaces', j)]),
    ];
    for (const [id, at] of replaced) {
      if (!legacyIndex.has(id)) {
        issue(at, `unknown legacy invocation ${q(id)}; known: ${[...legacyIndex.keys()].join(', ')}`);
        continue;
      }
      const first = covered.get(id);
      if (first !== undefined) issue(at, `legacy invocation ${q(id)} is already replaced by surfaces.invocations[${first}]`);
      else covered.set(id, i);
    }
    known(s.target, targets, 'target', path('target'));
    known(s.profile, names(model.profiles), 'profile', path('profile'));
    s.bundles.forEach((b, j) => known(b, names(model.bundles), 'bundle', path('bundles', j)));
    s.withoutBundles.forEach((b, j) => known(b, names(model.bundles), 'bundle', path('withoutBundles', j)));

    // A call without legacy builds a new artefact: nothing it replaces or differs from, its surface named.
    const legacy = legacyAt === undefined ? undefined : model.legacy.invocations[legacyAt]!;
    if (s.legacy !== undefined && !legacy) return;
    if (legacy && s.surface !== undefined && s.surface !== legacy.surface) {
      issue(path('surface'), `${q(s.surface)} is not the surface of the legacy invocation it replaces, ${q(legacy.surface)} (legacy.invocations[${legacyAt}].surface); leave surface out`);
    }
    if (s.surface !== undefined && !kinds.includes(s.surface)) {
      issue(path('surface'), `unknown surface ${q(s.surface)}; known: ${kinds.join(', ')}`);
      return;
    }
    if (!legacy) {
      if (s.surface === undefined || !newCallSurfaces.includes(s.surface)) {
        const refused = ruleOf(s.surface ?? '')?.newCalls;
        const why = s.surface === undefined ? 'must name its surface' : `${q(s.surface)} cannot hold one${typeof refused === 'object' ? ` (${refused.refused})` : ''}`;
        issue(path('surface'), `a call without legacy builds a new artefact and ${why}; one of: ${newCallSurfaces.join(', ')}`);
        return;
      }
      if (s.alsoReplaces.length > 0) issue(path('alsoReplaces'), 'a call without legacy replaces nothing: name the first invocation it replaces in legacy');
      if (s.declaredChanges.length > 0) issue(path('declaredChanges'), 'a call without legacy has no legacy invocation to differ from: leave declaredChanges out');
    }
    const kind = legacy?.surface ?? s.surface!;
    const rule = ruleOf(kind);
    if (!rule) return;
    if (legacy) {
      s.alsoReplaces.forEach((id, j) => {
        const other = model.legacy.invocations[legacyIndex.get(id) ?? -1];
        if (other && (other.surface !== kind || other.target !== legacy.target)) {
          issue(path('alsoReplaces', j), `${q(id)} is a ${other.surface} invocation of ${q(other.target)}; it must be the same surface and target as the invocation the call replaces (${kind}, ${q(legacy.target)})`);
        }
      });
    }
    if (legacy && s.target !== legacy.target && targets.includes(s.target)) {
      issue(path('target'), `${q(s.target)} is not the target of the legacy invocation it replaces, ${q(legacy.target)} (legacy.invocations[${legacyAt}].target)`);
    }
    const target = model.targets.find((t) => t.name === s.target);
    if (legacy && kind !== 'tup' && target) {
      const want = fromRoot(legacy.cwd, legacy.output);
      // The driver appends the platform's executable suffix to a native artefact.
      const platform = model.platforms.find((p) => p.name === s.platform) ?? model.platforms[0];
      const suffix = target.kind === 'nim-c' ? platform?.exeSuffix ?? '' : '';
      const got = fromRoot('.', s.output ?? target.output) + suffix;
      const given = s.output === undefined ? `the default output ${q(target.output)} (targets[${model.targets.indexOf(target)}].output)` : q(s.output);
      if (got !== want) issue(path('output'), `${given} writes ${q(got)}; the legacy invocation wrote ${q(want)} (legacy.invocations[${legacyAt}].output ${q(legacy.output)} run in ${q(legacy.cwd)})`);
    }
    // A unit exports one nim; a surface with oneNim (Nix) pins one for every call and its dev shell.
    const nimOwner = rule.oneNim ? kind : `${kind} ${s.unit}`;
    const owner = firstNim.get(nimOwner);
    if (owner === undefined) firstNim.set(nimOwner, i);
    else if (model.surfaces.invocations[owner]!.nim !== s.nim) {
      const why = rule.oneNim ? rule.oneNim.why : `the ${kind} unit ${q(s.unit)} exports one nim: give this call its own unit`;
      issue(path('nim'), `${q(s.nim)} differs from ${q(model.surfaces.invocations[owner]!.nim)} of surfaces.invocations[${owner}].nim; ${why}`);
    }
    if (rule.unit && !rule.unit.test(s.unit)) issue(path('unit'), `${q(s.unit)} is not ${rule.unit.what}`);
    // Only some surfaces copy an artefact after building it; elsewhere the field would be dropped.
    if (s.alsoCopyTo.length > 0 && !rule.copies) {
      issue(path('alsoCopyTo'), `a ${kind} surface does not copy artefacts after the build (only ${copying.join(', ')} do); copy in the host file, or leave alsoCopyTo out`);
    }
    const words: [string, (string | number)[]][] = [
      [s.nim, path('nim')],
      ...s.defines.map((d, j): [string, (string | number)[]] => [d, path('defines', j)]),
      ...s.flags.map((f, j): [string, (string | number)[]] => [f, path('flags', j)]),
      ...(s.output === undefined ? [] : [[s.output, path('output')] as [string, (string | number)[]]]),
      ...(s.nimcache === undefined ? [] : [[s.nimcache, path('nimcache')] as [string, (string | number)[]]]),
      ...s.alsoCopyTo.map((c, j): [string, (string | number)[]] => [c, path('alsoCopyTo', j)]),
    ];
    for (const [word, at] of words) {
      const found = [...word.matchAll(PLACEHOLDER)];
      for (const match of found) {
        const name = match[1]!;
        if (!rule.placeholder) issue(at, `${q(word)}: a ${kind} surface takes no placeholders`);
        else if (!rule.placeholder.pattern.test(name) || rule.placeholder.accepts?.(name) === false) issue(at, `${q(match[0])} in ${q(word)} must name ${rule.placeholder.what}`);
      }
      if (found.length > 0 && word.includes("'") && rule.placeholder?.noSingleQuote) issue(at, `${q(word)}: a value with a ${rule.placeholder.noSingleQuote}`);
    }
  });

  model.legacy.invocations.forEach((l, i) => {
    if (!covered.has(l.id)) issue(['legacy', 'invocations', i, 'id'], `legacy invocation ${q(l.id)} is replaced by no surface call; add one to surfaces.invocations`);
  });
}
