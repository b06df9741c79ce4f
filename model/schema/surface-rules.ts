import { posix } from 'node:path';
import { z } from 'zod';
import { PLACEHOLDER, type Legacy, type SurfaceKind } from './legacy.js';
import type { Surfaces } from './surfaces.js';
import { q } from './rules.js';
import { isNixIdentifier, JUST_NAME } from './names.js';

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

/** What a `${name}` may be in each host: a shell variable or positional parameter, a recipe parameter, a Nix attribute path. */
const PLACEHOLDER_NAME: Record<SurfaceKind, { pattern: RegExp; what: string } | undefined> = {
  tup: undefined,
  just: { pattern: /^[A-Za-z_][A-Za-z0-9_-]*$/, what: 'a just recipe parameter' },
  extension: { pattern: /^([A-Za-z_][A-Za-z0-9_]*|[1-9])$/, what: 'a shell variable or positional parameter' },
  macos: { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, what: 'a shell variable' },
  appimage: { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, what: 'a shell variable' },
  'python-wheel': { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, what: 'a shell variable' },
  nix: { pattern: /^[A-Za-z_][A-Za-z0-9_'-]*(\.[A-Za-z_][A-Za-z0-9_'-]*)*$/, what: 'a Nix attribute path (no keyword) or an upper-case shell variable of the phase' },
  repro: { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, what: 'an environment variable' },
};

/** Surfaces a call without a legacy invocation may name: every one but Tup, whose rules come from `tup.nodes`. */
const NEW_CALL_SURFACES: readonly SurfaceKind[] = ['just', 'extension', 'macos', 'appimage', 'python-wheel', 'nix', 'repro'];

/** Surfaces whose generated script belongs to the packaging platform of the same name. */
const PACKAGING: readonly SurfaceKind[] = ['macos', 'appimage', 'python-wheel'];


/** Where a path lands, relative to the repository root, for a command run in `cwd`. */
const fromRoot = (cwd: string, path: string) => posix.normalize(posix.join(cwd, path));

/**
 * Cross-field rules of the legacy baseline and the surfaces: every reference resolves, every
 * legacy invocation is replaced by exactly one surface call that builds the same target into the
 * same place, a call without legacy (a new artefact) names its surface, each host unit can be
 * generated (one nim per unit, Nix attribute names), and every packaged binary is built by a
 * call of its packaging surface.
 */
export function checkSurfaces(model: ModelShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const names = (items: Named[]) => items.map((i) => i.name);
  const known = (value: string, choices: string[], what: string, path: (string | number)[]) => {
    if (!choices.includes(value)) issue(path, `unknown ${what} ${q(value)}; known: ${choices.join(', ')}`);
  };
  const targets = names(model.targets);

  model.packaging.platforms.forEach((p, i) => {
    if (!PACKAGING.includes(p.name as SurfaceKind)) issue(['packaging', 'platforms', i, 'name'], `no packaging script is generated for platform ${q(p.name)}; known: ${PACKAGING.join(', ')}`);
  });

  const legacyIndex = new Map<string, number>();
  model.legacy.invocations.forEach((l, i) => {
    const first = legacyIndex.get(l.id);
    if (first !== undefined) issue(['legacy', 'invocations', i, 'id'], `duplicate legacy id ${q(l.id)} (first at legacy.invocations[${first}])`);
    else legacyIndex.set(l.id, i);
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
  /** The surface of each call (undefined where validation already failed), for the packaging binaries' check. */
  const kinds: (SurfaceKind | undefined)[] = [];
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
    if (!legacy) {
      if (s.surface === undefined || !NEW_CALL_SURFACES.includes(s.surface)) {
        const why = s.surface === undefined ? 'must name its surface' : `${q(s.surface)} cannot hold one (the staged Tup tree is generated from tup.nodes)`;
        issue(path('surface'), `a call without legacy builds a new artefact and ${why}; one of: ${NEW_CALL_SURFACES.join(', ')}`);
        return;
      }
      if (s.alsoReplaces.length > 0) issue(path('alsoReplaces'), 'a call without legacy replaces nothing: name the first invocation it replaces in legacy');
      if (s.declaredChanges.length > 0) issue(path('declaredChanges'), 'a call without legacy has no legacy invocation to differ from: leave declaredChanges out');
    }
    const kind: SurfaceKind = legacy?.surface ?? s.surface!;
    kinds[i] = kind;
    if (legacy) {
      s.alsoReplaces.forEach((id, j) => {
        const other = model.legacy.invocations[legacyIndex.get(id) ?? -1];
        if (other && (other.surface !== kind || other.target !== legacy.target)) {
          issue(path('alsoReplaces', j), `${q(id)} is a ${other.surface} invocation of ${q(other.target)}; it must be the same surface and target as the invocation the call replaces (${kind}, ${q(legacy.target)})`);
        }
      });
    }
    if (kind === 'repro' && (s.bundles.length + s.withoutBundles.length + s.defines.length + s.flags.length > 0)) {
      issue(path(), 'a repro call takes no bundles, defines or flags: reprobuild reads the switches of a target, profile and platform from the generated Nim module');
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
    // A unit exports one nim; the Nix file pins one for every derivation and the dev shell.
    const nimOwner = kind === 'nix' ? 'nix' : `${kind} ${s.unit}`;
    const owner = firstNim.get(nimOwner);
    if (owner === undefined) firstNim.set(nimOwner, i);
    else if (model.surfaces.invocations[owner]!.nim !== s.nim) {
      const why = kind === 'nix' ? 'the Nix calls share one pinned nim, which the dev shell exports too' : `the ${kind} unit ${q(s.unit)} exports one nim: give this call its own unit`;
      issue(path('nim'), `${q(s.nim)} differs from ${q(model.surfaces.invocations[owner]!.nim)} of surfaces.invocations[${owner}].nim; ${why}`);
    }
    if (kind === 'nix' && !isNixIdentifier(s.unit)) issue(path('unit'), `${q(s.unit)} is not a Nix attribute name (letters, digits, _, ' and -, not starting with a digit, not a keyword)`);
    if (kind === 'just' && !JUST_NAME.test(s.unit)) issue(path('unit'), `${q(s.unit)} is not a just recipe name (letters, digits, _ and -, not starting with a digit)`);
    // Only the packaging scripts copy an artefact after building it; elsewhere the field would be dropped.
    if (s.alsoCopyTo.length > 0 && !PACKAGING.includes(kind)) {
      issue(path('alsoCopyTo'), `a ${kind} surface does not copy artefacts after the build (only ${PACKAGING.join(', ')} do); copy in the host file, or leave alsoCopyTo out`);
    }
    if (PACKAGING.includes(kind) && !names(model.packaging.platforms).includes(kind)) {
      issue(path(legacy ? 'legacy' : 'surface'), `a ${kind} surface needs packaging platform ${q(kind)} for its post-build steps; known: ${names(model.packaging.platforms).join(', ') || '(none)'}`);
    }
    const words: [string, (string | number)[]][] = [
      [s.nim, path('nim')],
      ...s.defines.map((d, j): [string, (string | number)[]] => [d, path('defines', j)]),
      ...s.flags.map((f, j): [string, (string | number)[]] => [f, path('flags', j)]),
      ...(s.output === undefined ? [] : [[s.output, path('output')] as [string, (string | number)[]]]),
      ...(s.nimcache === undefined ? [] : [[s.nimcache, path('nimcache')] as [string, (string | number)[]]]),
      ...s.alsoCopyTo.map((c, j): [string, (string | number)[]] => [c, path('alsoCopyTo', j)]),
    ];
    const rule = PLACEHOLDER_NAME[kind];
    for (const [word, at] of words) {
      const found = [...word.matchAll(PLACEHOLDER)];
      for (const match of found) {
        if (!rule) issue(at, `${q(word)}: a ${kind} surface takes no placeholders`);
        else if (!rule.pattern.test(match[1]!) || (kind === 'nix' && !match[1]!.split('.').every(isNixIdentifier))) issue(at, `${q(match[0])} in ${q(word)} must name ${rule.what}`);
      }
      // just joins a recipe parameter with the text around it in a '…' string, which has no escape for '.
      if (kind === 'just' && found.length > 0 && word.includes("'")) issue(at, `${q(word)}: a value with a recipe parameter cannot hold a single quote (just's '…' strings have no escape for it)`);
    }
  });

  model.legacy.invocations.forEach((l, i) => {
    if (!covered.has(l.id)) issue(['legacy', 'invocations', i, 'id'], `legacy invocation ${q(l.id)} is replaced by no surface call; add one to surfaces.invocations`);
  });

  // A packaging script patches only what its own calls build: a binary no call builds would never be patched.
  // Checked only once every call's surface is known, so one bad legacy id does not fail every binary too.
  const everyKind = model.surfaces.invocations.every((_, j) => kinds[j] !== undefined);
  model.packaging.platforms.forEach((p, i) => {
    if (!everyKind || !PACKAGING.includes(p.name as SurfaceKind)) return;
    const builds = [...new Set(model.surfaces.invocations.filter((_, j) => kinds[j] === p.name).map((s) => s.target))];
    p.binaries.forEach((b, j) => {
      if (targets.includes(b.target) && !builds.includes(b.target)) {
        issue(['packaging', 'platforms', i, 'binaries', j, 'target'], `${q(b.target)} is built by no ${p.name} surface call, so its run paths would never be applied; the ${p.name} calls build: ${builds.join(', ') || '(none)'}`);
      }
    });
  });
}
