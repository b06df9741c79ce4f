import { z } from 'zod';
import { FlagBundleSchema, ProfileSchema } from './flags.js';
import { LintSchema } from './lint.js';
import { BuildPlatformSchema } from './platforms.js';
import { PlatformSchema } from './packaging.js';
import { StatusSchema } from './status.js';
import { TargetSchema } from './targets.js';
import { checkModel, checkText } from './rules.js';
import { checkTup } from './tup-rules.js';
import { LayoutSchema } from './layout.js';
import { LegacySchema } from './legacy.js';
import { BaselineSchema } from './baseline.js';
import { SurfacesSchema } from './surfaces.js';
import { TupSchema } from './tup.js';

export const ModelSchema = z
  .strictObject({
    /** Where each output family writes in the checkout, and the host conventions it follows. */
    layout: LayoutSchema,
    /** Named switch sets shared by profiles and targets. */
    bundles: z.array(FlagBundleSchema).min(1),
    /** Platforms the build targets; the first is the resolver's default (the driver's is the host's). */
    platforms: z.array(BuildPlatformSchema).min(1),
    /** Build modes; the first is the driver's default. */
    profiles: z.array(ProfileSchema).min(1),
    /** Every nim artefact Codetracer builds. */
    targets: z.array(TargetSchema).min(1),
    /** Packaging platforms and the run paths of their binaries. */
    packaging: z.strictObject({
      /** Platforms whose packaging scripts patch the driver's binaries. Default: none. */
      platforms: z.array(PlatformSchema).default([]),
    }),
    /** `ct-gen lint` settings. Default: no allowlist beyond the driver, the default severities. */
    lint: LintSchema.prefault({}),
    /** The staged Tup tree under src/build (the staging ADR, "Stage Tup Builds Under src/build"). */
    tup: TupSchema,
    /** The legacy build's nim invocations, the baseline of `ct-gen parity`. Default: none. */
    legacy: LegacySchema.prefault({}),
    /** The legacy build as `ct-gen baseline --write` recorded it; parity compares the Tup variants with it. Default: none. */
    baseline: BaselineSchema.optional(),
    /** How each build surface calls the driver. Default: no calls, the CI workflow's defaults. */
    surfaces: SurfacesSchema.prefault({}),
    /** NixOS build-status tooling (seed 004). Default: none, and no status tooling is generated. */
    status: StatusSchema.optional(),
  })
  .superRefine(checkText)
  .superRefine(checkModel)
  .superRefine(checkTup);

export type ModelInput = z.input<typeof ModelSchema>;
export type Model = z.output<typeof ModelSchema>;

export * from './flags.js';
export * from './targets.js';
export * from './platforms.js';
export * from './packaging.js';
export * from './lint.js';
export * from './status.js';
export * from './status-documents.js';
export * from './tup.js';
export * from './layout.js';
export * from './legacy.js';
export * from './baseline.js';
export * from './surfaces.js';
export { checkSurfaces, type SurfaceRule } from './surface-rules.js';
