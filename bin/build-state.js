// What bin/ct-gen.js knows of the last compile: the fingerprint of the sources it compiled, kept
// in BUILD_STATE with whether the compile succeeded.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `{ sources, ok, rest }`, relative to the package's root. */
export const BUILD_STATE = 'dist/.ct-gen-build.json';

/** The model's data: the sources tsconfig.model.json compiles on their own when nothing else changed. */
const MODEL_DATA = 'model/codetracer/';

/**
 * One walk over model/, generator/ and lint/. `sources`: every .ts file there, tsconfig.json and
 * tsconfig.model.json, by path, mtime and size — as cheap as the stat walk it replaces, and an
 * added, edited, renamed or deleted file changes it. `rest`: the same of every source but the
 * model's data (model/codetracer/). `data`: every other file there (templates, baseline.json),
 * which the generation cache's key covers (the compile does not read them).
 */
export function fingerprint(root) {
  const all = createHash('sha256');
  const rest = createHash('sha256');
  const data = [];
  const add = (path, rel) => {
    const info = statSync(path);
    const line = `${rel}\0${info.mtimeMs}\0${info.size}\n`;
    all.update(line);
    if (!rel.startsWith(MODEL_DATA)) rest.update(line);
  };
  const walk = (dir, rel) => {
    for (const item of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = `${rel}/${item.name}`;
      if (item.isDirectory()) walk(join(dir, item.name), path);
      else if (item.name.endsWith('.ts')) add(join(dir, item.name), path);
      else data.push([join(dir, item.name), path]);
    }
  };
  walk(join(root, 'model'), 'model');
  walk(join(root, 'generator'), 'generator');
  walk(join(root, 'lint'), 'lint');
  add(join(root, 'tsconfig.json'), 'tsconfig.json');
  add(join(root, 'tsconfig.model.json'), 'tsconfig.model.json');
  return { sources: all.digest('hex'), rest: rest.digest('hex'), data };
}
