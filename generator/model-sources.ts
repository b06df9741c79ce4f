/**
 * The model files behind an output family, given the concepts it reads (`Family.concepts`): the
 * built-in model keeps each in `model/codetracer/<concept>.ts` (as `builtIn` spells a path below
 * the package root); a `--model` file is named with the concepts. Check and generate name these
 * files beside a generated file that drifted, so the fix lands in the model.
 */
export function modelFilesOf(concepts: readonly string[], options: { model?: string; builtIn: (path: string) => string }): string[] {
  if (options.model !== undefined) return concepts.length === 0 ? [options.model] : [`${options.model} (${concepts.join(', ')})`];
  return concepts.map((c) => options.builtIn(`model/codetracer/${c}.ts`));
}
