import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The ct-gen package root, found from this module whether it runs from source or from dist/. */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'ct-gen') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('ct-gen: cannot find the package root (package.json named ct-gen)');
    dir = parent;
  }
})();

/** Output families, one folder each, templates in `<family>/templates/`. */
export const familiesDir = join(packageRoot, 'generator', 'families');
export const defaultDest = join(packageRoot, 'out');

/** A path as the user sees it: relative to the working directory when inside it, else absolute. */
export function shownFile(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel) ? file : rel;
}
