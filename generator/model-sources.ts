import type { Model } from '../model/schema/index.js';
import { emitters } from './emitters.js';
import { resolveModel } from './resolve/view.js';

/**
 * The model concepts each output family reads, the one an edit most likely belongs in first.
 * The built-in model keeps each concept in one file, `model/codetracer/<concept>.ts`; check and
 * generate name these files beside a generated file that drifted, so the fix lands in the model.
 */
export const FAMILY_CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  driver: ['targets', 'bundles', 'profiles', 'platforms'],
  tup: ['tup', 'targets', 'platforms'],
  just: ['surfaces'],
  nix: ['surfaces', 'tup'],
  packaging: ['packaging', 'surfaces'],
  extension: ['surfaces'],
  ci: ['surfaces'],
  nixos: ['status'],
  repro: ['targets', 'bundles', 'profiles', 'platforms'],
  // The JSON Schema of a model comes from model/schema/, not from the Codetracer instance.
  'model-schema': [],
};

/**
 * Which family emits each generated path. Emitters are pure, so this runs them again rather
 * than carrying the family through the pipeline; callers ask only when something drifted.
 */
export function familiesByPath(model: Model): Map<string, string> {
  const view = resolveModel(model);
  const families = new Map<string, string>();
  for (const [family, emit] of Object.entries(emitters)) for (const file of emit(view)) families.set(file.path, family);
  return families;
}

/**
 * The model files behind a family: `model/codetracer/<concept>.ts` of the built-in model (as
 * `builtIn` spells a path below the package root), or the `--model` file with the concepts.
 */
export function modelFilesOf(family: string, options: { model?: string; builtIn: (path: string) => string }): string[] {
  const concepts = FAMILY_CONCEPTS[family] ?? [];
  if (options.model !== undefined) return concepts.length === 0 ? [options.model] : [`${options.model} (${concepts.join(', ')})`];
  return concepts.map((c) => options.builtIn(`model/codetracer/${c}.ts`));
}
