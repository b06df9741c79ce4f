import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Codetracer's legacy build at a387f8fa as `ct-gen baseline --from <checkout> --write` recorded it
 * (baseline.json beside this file): every nim command of the Tup variants and of the other
 * surfaces, with its file, line and working directory. Read from the source tree whether this
 * module runs from source or from dist/.
 */
const file = [new URL('./baseline.json', import.meta.url), new URL('../../../model/codetracer/baseline.json', import.meta.url)]
  .map((url) => fileURLToPath(url))
  .find((path) => existsSync(path));
if (file === undefined) throw new Error('ct-gen: model/codetracer/baseline.json is missing; record it with `ct-gen baseline --from <checkout> --write`');

export const baseline: unknown = JSON.parse(readFileSync(file, 'utf8'));
