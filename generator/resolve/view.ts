import { createHash } from 'node:crypto';
import type { BuildPlatform, Model, Profile, Target } from '../../model/schema/index.js';
import { baseSegments, type Segment } from './argv.js';
import { resolveTup, type ResolvedTup } from './tup-tree.js';

/** A Tup variant directory, fully defaulted. */
export interface ResolvedVariant {
  /** `debug`, `win32-debug`: the directory name after `build-`; just recipes are named after it. */
  name: string;
  /** Directory under `src/`, e.g. `build-debug`. */
  dir: string;
  profile: string;
  /** The platform the variant builds for; undefined builds for the host Tup runs on. */
  platform: string | undefined;
  /** Full tup.config entries, `CONFIG_` prefix included: `CONFIG_PROFILE`, then `CONFIG_TUP_PLATFORM` when the platform is fixed, then the model's. */
  tupConfig: [string, string][];
}

export interface ResolvedTarget extends Target {
  /** Base segments per `<profile>/<platform>` key (profile bundles, target bundles, target switches). */
  plans: Record<string, Segment[]>;
  /**
   * Short digest of everything the model says about building this target. Callers such as
   * Tup pass it to the driver, so a model change alters their command text (Tup rebuilds)
   * and a driver from another model refuses to run.
   */
  digest: string;
}

/** The key of a target's plan for one profile on one platform. */
export const planKey = (profile: string, platform: string) => `${profile}/${platform}`;

/** The fully-defaulted view every emitter reads; emitters never re-derive from the raw model. */
export interface ResolvedModel {
  model: Model;
  profiles: Profile[];
  platforms: BuildPlatform[];
  /** Tup variant directories, in model order. */
  variants: ResolvedVariant[];
  defaultProfile: string;
  targets: ResolvedTarget[];
  tup: ResolvedTup;
}

export function resolveVariants(model: Model): ResolvedVariant[] {
  return model.tup.variants.map((v) => {
    const platform = model.platforms.find((p) => p.name === v.platform);
    const config: [string, string][] = [['CONFIG_PROFILE', v.profile]];
    if (platform) config.push(['CONFIG_TUP_PLATFORM', platform.tupPlatform]);
    for (const [key, value] of Object.entries(v.config)) config.push([`CONFIG_${key}`, value]);
    return { name: v.dir.slice('build-'.length), dir: v.dir, profile: v.profile, platform: v.platform, tupConfig: config };
  });
}

export function resolveModel(model: Model): ResolvedModel {
  const targets = model.targets.map((t) => {
    const plans = Object.fromEntries(
      model.profiles.flatMap((p) => model.platforms.map((pl) => [planKey(p.name, pl.name), baseSegments(model, t, p, pl.name)])),
    );
    const facts = { kind: t.kind, source: t.source, output: t.output, nimcache: t.nimcache, plans: Object.entries(plans).map(([p, s]) => [p, s.map((x) => x.args)]) };
    const digest = createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 12);
    return { ...t, plans, digest };
  });
  return {
    model,
    profiles: model.profiles,
    platforms: model.platforms,
    variants: resolveVariants(model),
    defaultProfile: model.profiles[0]!.name,
    targets,
    tup: resolveTup(model),
  };
}
