import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

export const templatesDir = join(packageRoot, 'templates');
export const defaultDest = join(packageRoot, 'out');
