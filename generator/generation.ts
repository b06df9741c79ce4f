import type { Model } from '../model/schema/index.js';
import type { Checkout } from './checkout.js';
import type { GeneratedFile } from './types.js';

/**
 * What `check` and `generate` need of a model: the files it generates (each with the family that
 * emitted it), what a checkout must hold, and the model concepts each family reads (to name the
 * model files behind a file that drifted). Made from the model, or read back from the generation
 * cache for the run's key (ARCHITECTURE.md, "Start-up"); both are the same value.
 */
export interface Generation {
  files: GeneratedFile[];
  checkout: Checkout;
  /** Family name → the concepts it reads. */
  concepts: Record<string, string[]>;
}

/** The generation of `model`. */
export async function generationOf(model: Model): Promise<Generation> {
  const [{ generateFiles }, { FAMILIES }, { checkoutOf }] = await Promise.all([import('./pipeline.js'), import('./families/families.js'), import('./checkout.js')]);
  return {
    files: generateFiles(model),
    checkout: checkoutOf(model),
    concepts: Object.fromEntries(FAMILIES.map((f) => [f.name, [...f.concepts]])),
  };
}

/**
 * The generation of the model at `modelPath` (none: the built-in one). With `cached`, the files
 * stored for this run's key are used when there are any, so neither the model nor the generator
 * is loaded; otherwise (and with `CT_GEN_NO_FAST_PATH=1`) the model is loaded and generated, and
 * the result stored under the key. `CT_GEN_TRACE_FAST=1` says on stderr when the stored files
 * were used.
 */
export async function generationFor(modelPath: string | undefined, cached: boolean): Promise<Generation> {
  const { loadKeyedModel, recordGeneration, runKey, storedGeneration } = await import('./gen-cache.js');
  const key = runKey();
  if (cached && key !== undefined && !process.env.CT_GEN_NO_FAST_PATH) {
    const stored = storedGeneration(key);
    if (stored !== undefined) {
      if (process.env.CT_GEN_TRACE_FAST) process.stderr.write(`ct-gen: used the generation stored for ${key}\n`);
      return stored;
    }
  }
  const loaded = await loadKeyedModel(modelPath);
  const generation = await generationOf(loaded.model);
  recordGeneration(generation, loaded.key);
  return generation;
}
