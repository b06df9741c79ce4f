import { posix } from 'node:path';
import { continued, driverProgram, justWord, placeholders } from '../../host-words.js';
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
  const recipes = (view.surfaces.just ?? []).map((unit) => {
    const program = `env -u EXTRA_DEFINES ${driverProgram(layout.driver, unit.nim, justWord)}`;
    return {
      name: unit.name,
      params: [...new Set(unit.calls.flatMap((c) => c.values.flatMap(placeholders)))],
      origins: unit.calls.map((c) => origin(c)).join(', '),
      commands: unit.calls.map((c) => continued(program, c.options, '    ', justWord)),
    };
  });
  const context = { recipes, justPath: layout.just, tupJustFromJust: posix.relative(posix.dirname(layout.just), layout.tupJust) };
  return [{ path: layout.just, format: 'just', content: render('just/recipes.just.hbs', context) }];
}
