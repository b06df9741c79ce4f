import { ModelError, validateModel } from '../../generator/model.js';
import { codetracer } from '../../model/codetracer/index.js';

/**
 * Validate a copy of the Codetracer model after `edit` and return every issue as
 * `path: message` (none for a valid model). Other errors propagate.
 */
export function modelIssues(edit: (model: any) => void): string[] {
  const copy = structuredClone(codetracer) as any;
  edit(copy);
  try {
    validateModel(copy);
  } catch (error) {
    if (error instanceof ModelError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}
