import { codetracer } from '../../model/codetracer/index.js';
import type { Model } from '../../model/schema/index.js';
import { validateModel } from '../../generator/model.js';

/**
 * Codetracer's model, validated. Apart from tests/support/tree.ts, whose helpers most test files
 * use: importing this loads and validates the whole model, which a file that does not read it
 * need not pay for in each worker.
 */
export const model: Model = validateModel(codetracer);
