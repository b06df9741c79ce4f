import type { Model } from '../model/schema/index.js';
import { FAMILIES } from './families/families.js';
import { resolveModel } from './resolve/view.js';

/**
 * Which family emits each generated path. Emitters are pure, so this runs them again rather
 * than carrying the family through the pipeline; callers ask only when something drifted.
 */
export function familiesByPath(model: Model): Map<string, string> {
  const view = resolveModel(model);
  const families = new Map<string, string>();
  for (const { name, emit } of FAMILIES) for (const file of emit(view)) families.set(file.path, name);
  return families;
}

/**
 * The model files behind a family, the concepts it reads (`Family.concepts`): the built-in
 * model keeps each in `model/codetracer/<concept>.ts` (as `builtIn` spells a path below the
 * package root); a `--model` file is named with the concepts. Check and generate name these
 * files beside a generated file that drifted, so the fix lands in the model.
 */
export function modelFilesOf(family: string, options: { model?: string; builtIn: (path: string) => string }): string[] {
  const concepts = FAMILIES.find((f) => f.name === family)?.concepts ?? [];
  if (options.model !== undefined) return concepts.length === 0 ? [options.model] : [`${options.model} (${concepts.join(', ')})`];
  return concepts.map((c) => options.builtIn(`model/codetracer/${c}.ts`));
}
