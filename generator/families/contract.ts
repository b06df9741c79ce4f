import type { Layout, Model, SurfaceRule } from '../../model/schema/index.js';
import type { ResolvedModel } from '../resolve/view.js';
import type { EmittedFile } from '../types.js';

/**
 * A build surface of the legacy build as the model's rules see it (`kind`, the host syntax of its
 * `${name}` placeholders, whether a new artefact may be built there, whether calls copy after the
 * build, whether the surface pins one nim for all its calls).
 */
export type SurfaceSpec = SurfaceRule;

/** A problem a family's own rules find in a model, at its path. */
export interface FamilyIssue {
  path: (string | number)[];
  message: string;
}

/**
 * One output family's rules: everything ct-gen knows about one kind of generated file lives in its
 * folder, `generator/families/<name>/` — these rules in `index.ts`, its emitter in `emit.ts`, its
 * templates in `templates/`. The registry (`registry.ts`) lists the rules; the surface table, the
 * model's family rules and the model files behind each output are derived from it. Loading it
 * loads no emitter (lint validates models without rendering anything).
 */
export interface FamilyRules {
  /** Names the family in errors (`emitter tup: …`) and in `check`'s advice. */
  name: string;
  /** The layout entries (`model.layout`) the family writes. */
  outputs: readonly (keyof Layout)[];
  /** The model sections the family reads, the one an edit most likely belongs in first: `model/codetracer/<concept>.ts`. */
  concepts: readonly string[];
  /** The legacy build surfaces whose calls this family renders (their rules: `checkSurfaces`). Default: none. */
  surfaces?: readonly SurfaceSpec[];
  /** The family's own cross-field rules, beyond the schema's; run after the model parsed. */
  validate?(model: Model): FamilyIssue[];
}

/** A family's files from the resolved model, each with its format; pure. */
export type Emitter = (view: ResolvedModel) => EmittedFile[];

/** A family's rules with its emitter (`families.ts` joins them). */
export interface Family extends FamilyRules {
  emit: Emitter;
}
