import { createHash } from 'node:crypto';
import type { Model, Profile, Target } from '../../model/schema/index.js';
import { baseSegments, shellId, type Segment } from './argv.js';
import { resolveTup, type ResolvedTup } from './tup-tree.js';

export interface ResolvedProfile extends Profile {
  /** Full tup.config entries, `CONFIG_` prefix included, `CONFIG_PROFILE` added. */
  tupConfig: [string, string][];
}

export interface ResolvedTarget extends Target {
  /** Upper-case shell identifier: `JS_INDEX`. */
  id: string;
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
  defaultProfile: string;
  targets: ResolvedTarget[];
  tup: ResolvedTup;
}

export function resolveModel(model: Model): ResolvedModel {
  const profiles = model.profiles.map((p) => ({
    ...p,
    tupConfig: [['CONFIG_PROFILE', p.name] as [string, string], ...Object.entries(p.tup.config).map(([k, v]) => [`CONFIG_${k}`, v] as [string, string])],
  }));
  const targets = model.targets.map((t) => {
    const plans = Object.fromEntries(model.profiles.map((p) => [p.name, baseSegments(model, t, p)]));
    const facts = { kind: t.kind, source: t.source, output: t.output, nimcache: t.nimcache, plans: Object.entries(plans).map(([p, s]) => [p, s.map((x) => x.args)]) };
    const digest = createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 12);
    return { ...t, id: shellId(t.name), plans, digest };
  });
  return { model, profiles, defaultProfile: model.profiles[0]!.name, targets, tup: resolveTup(model) };
}
