import { TUP_ROOT } from '../../../model/schema/names.js';
import { posix } from 'node:path';
import { render } from '../../render.js';
import { COPY_MACRO, STAGED_ROOT, STYLUS_MACRO } from '../../resolve/tup-tree.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';

const STAGED = posix.join(TUP_ROOT, STAGED_ROOT);

/** The Tup variable holding a target's model digest for the variant's profile: `!ct_nim_js_ui` → `CT_DIGEST_js_ui`. */
const digestVariable = (macro: string) => `CT_DIGEST_${macro.slice('!ct_nim_'.length)}`;

/**
 * The staged Tup tree: Tuprules.tup, one Tupfile per node, .gitignore files, a tup.config per
 * variant, and the just recipes that run tup from the staged layout.
 */
export function emitTup(view: ResolvedModel): EmittedFile[] {
  const { layout } = view;
  const digests = new Map(view.targets.map((t) => [t.name, t.digests]));
  const macros = view.tup.nimMacros.map((m) => ({ ...m, digestVar: digestVariable(m.macro) }));
  const [first, ...others] = view.tup.platforms.map((p) => ({ ...p, stylusMacro: STYLUS_MACRO }));
  const rules = render('tup/Tuprules.tup.hbs', {
    exports: view.tup.exports,
    defaultPlatform: first!,
    otherPlatforms: others,
    driverPath: layout.driver,
    driverName: posix.basename(layout.driver),
    nimMacros: macros,
    digestsByProfile: view.profiles.map((p) => ({ profile: p.name, targets: macros.map((m) => ({ digestVar: m.digestVar, digest: digests.get(m.target)![p.name] })) })),
    copyMacro: COPY_MACRO,
  });
  return [
    { path: `${STAGED}/Tuprules.tup`, format: 'tup', content: rules },
    { path: `${STAGED}/.gitignore`, format: 'gitignore', content: render('tup/gitignore.hbs', {}) },
    ...view.tup.nodes.map((node): EmittedFile => ({ path: node.tupfile, format: 'tup', content: render('tup/Tupfile.hbs', node) })),
    ...view.variants.flatMap((v): EmittedFile[] => [
      { path: `src/${v.dir}/tup.config`, format: 'tup', content: render('tup/tup.config.hbs', v) },
      { path: `src/${v.dir}/.gitignore`, format: 'gitignore', content: render('tup/variant-gitignore.hbs', {}) },
    ]),
    { path: layout.tupJust, format: 'just', content: render('tup/recipes.just.hbs', { variants: view.variants }) },
  ];
}
