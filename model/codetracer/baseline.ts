import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Codetracer's legacy build at a387f8fa as `ct-gen baseline --from <checkout> --write` recorded it
 * (baseline.json beside this file): every nim command of the Tup variants and of the other
 * surfaces, with its file, line and working directory. Read from the source tree wherever this
 * module runs: from source (beside it), or compiled into dist/ or its bundle (found from the
 * package's root, the nearest folder above with a package.json).
 */
function baselineFile(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  if (existsSync(join(dir, 'baseline.json'))) return join(dir, 'baseline.json');
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
  const file = join(dir, 'model', 'codetracer', 'baseline.json');
  return existsSync(file) ? file : undefined;
}

const file = baselineFile();
if (file === undefined) throw new Error('ct-gen: model/codetracer/baseline.json is missing; record it with `ct-gen baseline --from <checkout> --write`');

export const baseline: unknown = JSON.parse(readFileSync(file, 'utf8'));
