import { posix } from 'node:path';
import { render } from '../render.js';
import { COPY_MACRO, STAGED_ROOT, STYLUS_MACRO } from '../resolve/tup-tree.js';
import type { ResolvedModel } from '../resolve/view.js';
import type { GeneratedFile } from '../types.js';
import { DRIVER_PATH } from '../driver-paths.js';

const STAGED = posix.join('src', STAGED_ROOT);

/**
 * The staged Tup tree: Tuprules.tup, one Tupfile per node, .gitignore files, a tup.config per
 * variant, and the just recipes that run tup from the staged layout.
 */
export function emitTup(view: ResolvedModel): GeneratedFile[] {
  const digests = new Map(view.targets.map((t) => [t.name, t.digest]));
  const [first, ...others] = view.tup.platforms.map((p) => ({ ...p, stylusMacro: STYLUS_MACRO }));
  const rules = render('tup/Tuprules.tup.hbs', {
    exports: view.tup.exports,
    defaultPlatform: first!,
    otherPlatforms: others,
    driverPath: DRIVER_PATH,
    nimMacros: view.tup.nimMacros.map((m) => ({ ...m, digest: digests.get(m.target) })),
    copyMacro: COPY_MACRO,
  });
  return [
    { path: `${STAGED}/Tuprules.tup`, content: rules },
    { path: `${STAGED}/.gitignore`, content: render('tup/gitignore.hbs', {}) },
    ...view.tup.nodes.map((node) => ({ path: node.tupfile, content: render('tup/Tupfile.hbs', node) })),
    ...view.variants.flatMap((v) => [
      { path: `src/${v.dir}/tup.config`, content: render('tup/tup.config.hbs', v) },
      { path: `src/${v.dir}/.gitignore`, content: render('tup/variant-gitignore.hbs', {}) },
    ]),
    { path: 'just/tup.just', content: render('tup/tup.just.hbs', { variants: view.variants }) },
  ];
}
