import { createHash } from 'node:crypto';
import type { Model, Profile, Target } from '../../model/schema/index.js';
import { baseSegments, type Segment } from './argv.js';
import { resolveTup, type ResolvedTup } from './tup-tree.js';

export interface ResolvedProfile extends Profile {
  /** Full tup.config entries, `CONFIG_` prefix included, `CONFIG_PROFILE` added; empty without a variant. */
  tupConfig: [string, string][];
}

/** A profile that Tup builds in a variant directory. */
export type VariantProfile = ResolvedProfile & { tup: NonNullable<Profile['tup']> };

export interface ResolvedTarget extends Target {
  /** Base segments per profile name (profile bundles, target bundles, target switches). */
  plans: Record<string, Segment[]>;
  /**
   * Short digest of everything the model says about building this target. Callers such as
   * Tup pass it to the driver, so a model change alters their command text (Tup rebuilds)
   * and a driver from another model refuses to run.
   */
  digest: string;
}

/** The fully-defaulted view every emitter reads; emitters never re-derive from the raw model. */
export interface ResolvedModel {
  model: Model;
  profiles: ResolvedProfile[];
  /** The profiles with a Tup variant, in model order. */
  variants: VariantProfile[];
  defaultProfile: string;
  targets: ResolvedTarget[];
  tup: ResolvedTup;
}

export function resolveModel(model: Model): ResolvedModel {
  const profiles = model.profiles.map((p) => ({
    ...p,
    tupConfig: p.tup ? [['CONFIG_PROFILE', p.name] as [string, string], ...Object.entries(p.tup.config).map(([k, v]) => [`CONFIG_${k}`, v] as [string, string])] : [],
  }));
  const targets = model.targets.map((t) => {
    const plans = Object.fromEntries(model.profiles.map((p) => [p.name, baseSegments(model, t, p)]));
    const facts = { kind: t.kind, source: t.source, output: t.output, nimcache: t.nimcache, plans: Object.entries(plans).map(([p, s]) => [p, s.map((x) => x.args)]) };
    const digest = createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 12);
    return { ...t, plans, digest };
  });
  const variants = profiles.filter((p): p is VariantProfile => p.tup !== undefined);
  return { model, profiles, variants, defaultProfile: model.profiles[0]!.name, targets, tup: resolveTup(model) };
}
