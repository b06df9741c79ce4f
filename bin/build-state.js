// What bin/ct-gen.js knows of the last compile: the fingerprint of the sources it compiled, kept
// in BUILD_STATE with whether the compile succeeded.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `{ sources, ok }`, relative to the package's root. */
export const BUILD_STATE = 'dist/.ct-gen-build.json';

/**
 * One walk over model/, generator/ and lint/. `sources`: every .ts file there and tsconfig.json,
 * by path, mtime and size — as cheap as the stat walk it replaces, and an added, edited, renamed
 * or deleted file changes it. `data`: every other file there (templates, baseline.json), which
 * the generation cache's key covers (the compile does not read them).
 */
export function fingerprint(root) {
  const hash = createHash('sha256');
  const data = [];
  const add = (path, rel) => {
    const info = statSync(path);
    hash.update(`${rel}\0${info.mtimeMs}\0${info.size}\n`);
  };
  const walk = (dir, rel) => {
    for (const item of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (item.isDirectory()) walk(join(dir, item.name), `${rel}/${item.name}`);
      else if (item.name.endsWith('.ts')) add(join(dir, item.name), `${rel}/${item.name}`);
      else data.push([join(dir, item.name), `${rel}/${item.name}`]);
    }
  };
  walk(join(root, 'model'), 'model');
  walk(join(root, 'generator'), 'generator');
  walk(join(root, 'lint'), 'lint');
  add(join(root, 'tsconfig.json'), 'tsconfig.json');
  return { sources: hash.digest('hex'), data };
}

/**
 * npm's record of what it installed (node_modules/.package-lock.json), by mtime and size: an
 * install may change what the compiler reads (type declarations, TypeScript itself).
 */
export function installed(root) {
  const info = statSync(join(root, 'node_modules', '.package-lock.json'), { throwIfNoEntry: false });
  return info ? `${info.mtimeMs}:${info.size}` : '-';
}
