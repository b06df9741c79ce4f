import { render } from '../../render.js';
import { driverOptions } from '../../resolve/surface-call.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { GeneratedFile } from '../../types.js';
import { continued, justWord, placeholders } from '../../host-words.js';
import { callValues, driverProgram, origin, sharedNim, unitsOf } from '../../resolve/surfaces.js';

export const JUST_PATH = 'just/ct-gen.just';

/**
 * Recipes the main justfile imports: each legacy recipe that ran nim, now a driver call. Each
 * call drops the caller's EXTRA_DEFINES, which the driver would add to the build.
 */
export function emitJust(view: ResolvedModel): GeneratedFile[] {
  const recipes = unitsOf(view.model, 'just').map((unit) => {
    const program = `env -u EXTRA_DEFINES ${driverProgram(sharedNim(unit), justWord)}`;
    return {
      name: unit.name,
      params: [...new Set(unit.calls.flatMap((c) => callValues(c.call).flatMap(placeholders)))],
      origins: unit.calls.map((c) => origin(c)).join(', '),
      commands: unit.calls.map((c) => continued(program, driverOptions(c.call), '    ', justWord)),
    };
  });
  return [{ path: JUST_PATH, content: render('just/ct-gen.just.hbs', { recipes }) }];
}
