import type { Model } from '../model/schema/index.js';
import { FAMILIES } from './families/families.js';
import { withHeader } from './header.js';
import { isSafeRelative, manifestFile } from './manifest.js';
import { resolveModel } from './resolve/view.js';
import type { GeneratedFile } from './types.js';

/** An emitter failed; the message names it. */
export class EmitError extends Error {
  constructor(readonly emitter: string, cause: unknown) {
    super(`emitter ${emitter}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Render every output in memory: run the emitters, add headers, check paths, append the
 * manifest. Nothing touches the disk; generate and check both start here.
 */
export function generateFiles(model: Model, families = FAMILIES): GeneratedFile[] {
  const view = resolveModel(model);
  const files: GeneratedFile[] = [];
  const owner = new Map<string, string>();
  for (const { name, emit } of families) {
    let emitted: GeneratedFile[];
    try {
      emitted = emit(view);
    } catch (error) {
      throw new EmitError(name, error);
    }
    for (const file of emitted) {
      if (file.format === undefined) throw new EmitError(name, `${file.path} declares no format`);
      if (!isSafeRelative(file.path)) throw new EmitError(name, `path ${JSON.stringify(file.path)} is not a relative path inside the destination`);
      const other = owner.get(file.path);
      if (other) throw new EmitError(name, `${file.path} is also produced by emitter ${other}`);
      owner.set(file.path, name);
      files.push({ ...withHeader(file), family: name });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  files.push(manifestFile(files));
  return files;
}
