import type { Model } from '../../model/schema/index.js';
import { ci } from './ci/index.js';
import type { FamilyIssue, FamilyRules, SurfaceSpec } from './contract.js';
import { driver } from './driver/index.js';
import { extension } from './extension/index.js';
import { just } from './just/index.js';
import { modelSchema } from './model-schema/index.js';
import { nix } from './nix/index.js';
import { nixos } from './nixos/index.js';
import { packaging } from './packaging/index.js';
import { repro } from './repro/index.js';
import { tup } from './tup/index.js';

/**
 * Every output family's rules, in the order the families run. Adding a family is its folder, a
 * line here and its emitter's line in `families.ts` (the compiler asks for that one).
 */
export const FAMILY_RULES = [driver, tup, just, nix, packaging, extension, ci, nixos, repro, modelSchema] as const satisfies readonly FamilyRules[];

export type FamilyName = (typeof FAMILY_RULES)[number]['name'];

/** The legacy build surfaces, from the families that render their calls. */
export const SURFACES: readonly SurfaceSpec[] = FAMILY_RULES.flatMap((f: FamilyRules) => f.surfaces ?? []);

/** Every family's own rules on a parsed model. */
export const familyIssues = (model: Model, families: readonly FamilyRules[] = FAMILY_RULES): FamilyIssue[] => families.flatMap((f) => f.validate?.(model) ?? []);
