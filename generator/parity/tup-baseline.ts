import { posix } from 'node:path';
import type { BaselineInvocation, Model } from '../../model/schema/index.js';
import { exeSuffixOf, resolveArgv } from '../resolve/argv.js';
import type { Difference, ParityRow, Rated } from './compare.js';
import { rateDifferences } from './declarations.js';
import { changeSides, diffSettings, effectiveSettings, showSettingChange } from './normalise.js';

/**
 * Settings that place files without changing what nim builds: legacy shares one nimcache between
 * variants, the model keeps one per profile. A difference only here rates `equivalent`
 * (`normalise` keys `--nimcache` as `nimcache`).
 */
const PLACEMENT = new Set(['nimcache']);

/** Where the driver's argv places the checkout root (`{root}`, the source), so it reads back repository-relative. */
const ROOT = '/checkout';

/** The staged rule that builds the artefact a recorded Tup compile writes, and its variant. */
function ruleFor(model: Model, invocation: BaselineInvocation) {
  const [, variantDir] = invocation.cwd.split('/');
  const variant = model.tup.variants.find((v) => v.dir === variantDir);
  if (!variant || invocation.output === undefined) return undefined;
  const platform = model.platforms.find((p) => p.name === variant.platform) ?? model.platforms[0]!;
  const artefact = posix.relative(posix.join('src', variant.dir), posix.join(invocation.cwd, invocation.output));
  for (const node of model.tup.nodes) {
    for (const rule of node.rules) {
      if (rule.kind !== 'nim') continue;
      const target = model.targets.find((t) => t.name === rule.target)!;
      if (rule.output + exeSuffixOf(target, platform) === artefact) return { variant, platform, target };
    }
  }
  return undefined;
}

/**
 * Every recorded compile of the legacy Tup variants against what the staged tree's driver runs
 * for the same artefact, variant profile and platform, setting by setting (point 4 of the
 * effective-setting rules: defines as a set, other switches by their last value, repeatable
 * switches as multisets with paths resolved against the working directory). Sources are read
 * through the variant's view of the source tree, so `src/<variantDir>/x.nim` is `src/x.nim`.
 * A difference is `declared` by a declaration on the variant's profile, a bundle the driver's argv
 * applies, or the target.
 */
export function tupBaselineParity(model: Model): ParityRow[] {
  return rateTupBaseline(model).map((r) => r.row);
}

/** `tupBaselineParity` with what each rating read. */
export function rateTupBaseline(model: Model): Rated[] {
  return (model.baseline?.invocations ?? [])
    .filter((i) => i.surface === 'tup')
    .map((invocation): Rated => {
      const found = ruleFor(model, invocation);
      const row = {
        id: invocation.id,
        surface: 'tup',
        profile: invocation.profile ?? '',
        platform: invocation.platform ?? '',
        legacyFile: invocation.file,
        legacyLine: invocation.line,
        added: [] as string[],
        removed: [] as string[],
        changed: [] as string[],
        legacy: { nim: invocation.nim, argv: invocation.argv },
      };
      if (!found) {
        const notes = [`no staged nim rule builds ${invocation.output ?? '(no --out)'} in ${invocation.cwd}`];
        const rating = { declared: [], notes, suggestions: [], undeclared: [], inherited: [], used: [] };
        return { id: row.id, diffs: [], rating, row: { ...row, declared: [], suggestions: [], current: { nim: '', argv: [] }, target: '', status: 'undeclared', notes } };
      }
      const { variant, platform, target } = found;
      const args = resolveArgv(model, target.name, variant.profile, { platform: platform.name, output: invocation.output!, sourceRoot: ROOT });
      const ours = args.map((a) => a.value);
      const before = effectiveSettings(invocation.argv, { cwd: invocation.cwd });
      const source = before.get('source');
      if (source && typeof source.value === 'string') before.set('source', { ...source, value: source.value.replace(new RegExp(`^src/${variant.dir}/`), 'src/') });
      const after = effectiveSettings(ours, { cwd: invocation.cwd, root: ROOT });
      const changes = diffSettings(before, after);
      const diffs: Difference[] = [];
      for (const change of changes) {
        const text = showSettingChange(change);
        const kind = change.before === undefined ? 'added' : change.after === undefined ? 'removed' : 'changed';
        row[kind].push(text);
        if (!PLACEMENT.has(change.key)) diffs.push({ key: change.key, setting: change.name, kind, ...changeSides(change, before, after), text });
      }
      const rating = rateDifferences(model, diffs, { profile: variant.profile, target: target.name, args });
      const status = rating.notes.length > 0 ? 'undeclared' : diffs.length > 0 ? 'declared' : changes.length > 0 ? 'equivalent' : 'identical';
      return {
        id: row.id, diffs, rating,
        row: { ...row, declared: rating.declared, suggestions: rating.suggestions, current: { nim: 'nim', argv: ours }, target: target.name, status, notes: rating.notes },
      };
    });
}
