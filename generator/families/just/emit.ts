import { posix } from 'node:path';
import { placeholders } from '../../host-words.js';
import { render } from '../../render.js';
import { origin } from '../../resolve/surfaces.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';

/**
 * Recipes the main justfile imports: each legacy recipe that ran nim, now a driver call. Each
 * call drops the caller's EXTRA_DEFINES, which the driver would add to the build.
 */
export function emitJust(view: ResolvedModel): EmittedFile[] {
  const { layout } = view;
  const recipes = (view.surfaces.just ?? []).map((unit) => ({
    name: unit.name,
    params: [...new Set(unit.calls.flatMap((c) => c.values.flatMap(placeholders)))],
    origins: unit.calls.map((c) => origin(c)).join(', '),
    // Set for the driver alone when the unit pins a nim other than the one on PATH.
    nim: unit.nim === 'nim' ? '' : unit.nim,
    calls: unit.calls.map((c) => ({ options: c.options })),
  }));
  const context = { driver: layout.driver, recipes, justPath: layout.just, tupJustFromJust: posix.relative(posix.dirname(layout.just), layout.tupJust) };
  return [{ path: layout.just, format: 'just', content: render('just/recipes.just.hbs', context) }];
}
