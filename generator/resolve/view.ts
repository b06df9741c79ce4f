import { createHash } from 'node:crypto';
import type { BuildPlatform, FlagBundle, Layout, Model, Platform, Profile, Surfaces, Target } from '../../model/schema/index.js';
import { baseSegments, resolveArgv, ROOT_PLACEHOLDER, type Arg, type Segment } from './argv.js';
import { resolveStatus, type ResolvedStatus } from './status.js';
import { resolveSurfaces, type Unit } from './surfaces.js';
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
  /** The whole nim argv per `<profile>/<platform>` key, with the checkout root as `{root}` and the default output. */
  argv: Record<string, Arg[]>;
  /**
   * Per profile, a short digest of what the model says about building this target with it: its
   * kind, source, output, nimcache, and the profile's plans on every platform. Tup passes the
   * variant's profile's to the driver, so a model change alters the command text of the rules it
   * changes, and only those (Tup rebuilds them), and a driver from another model refuses to run.
   */
  digests: Record<string, string>;
}

/** The key of a target's plan for one profile on one platform. */
export const planKey = (profile: string, platform: string) => `${profile}/${platform}`;

/** The fully-defaulted view every emitter reads; emitters never see the raw model. */
export interface ResolvedModel {
  /** Where each family writes, and the hosts' conventions. */
  layout: Layout;
  bundles: FlagBundle[];
  profiles: Profile[];
  platforms: BuildPlatform[];
  /** Tup variant directories, in model order. */
  variants: ResolvedVariant[];
  defaultProfile: string;
  targets: ResolvedTarget[];
  tup: ResolvedTup;
  /** The host units of each legacy build surface (`just`, `nix`, `macos`, …) with their resolved calls; a surface without calls is absent. */
  surfaces: Readonly<Record<string, Unit[]>>;
  /** Packaging platforms: the run paths and signing of their binaries. */
  packaging: Platform[];
  /** The CI workflow's settings. */
  ci: Surfaces['ci'];
  /** The NixOS status tooling, with its command table; none when the model has no status section. */
  status: ResolvedStatus | undefined;
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
    const digests = Object.fromEntries(
      model.profiles.map((p) => {
        const facts = { kind: t.kind, source: t.source, output: t.output, nimcache: t.nimcache, plans: model.platforms.map((pl) => [pl.name, plans[planKey(p.name, pl.name)]!.map((x) => x.args)]) };
        return [p.name, createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 12)];
      }),
    );
    const argv = Object.fromEntries(
      model.profiles.flatMap((p) => model.platforms.map((pl) => [planKey(p.name, pl.name), resolveArgv(model, t.name, p.name, { platform: pl.name, sourceRoot: ROOT_PLACEHOLDER })])),
    );
    return { ...t, plans, argv, digests };
  });
  return {
    layout: model.layout,
    bundles: model.bundles,
    profiles: model.profiles,
    platforms: model.platforms,
    variants: resolveVariants(model),
    defaultProfile: model.profiles[0]!.name,
    targets,
    tup: resolveTup(model),
    surfaces: resolveSurfaces(model),
    packaging: model.packaging.platforms,
    ci: model.surfaces.ci,
    status: model.status === undefined ? undefined : resolveStatus(model.status),
  };
}
