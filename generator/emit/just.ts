import { DRIVER_PATH } from '../driver-paths.js';
import { render } from '../render.js';
import { driverOptions } from '../resolve/surface-call.js';
import type { ResolvedModel } from '../resolve/view.js';
import type { GeneratedFile } from '../types.js';
import { placeholders } from './host-words.js';
import { callValues, origin, sharedNim, unitsOf } from './surface-units.js';

export const JUST_PATH = 'just/ct-gen.just';

/**
 * Recipes the main justfile imports: each legacy recipe that ran nim, now a driver call. Each
 * call drops the caller's EXTRA_DEFINES, which the driver would add to the build.
 */
export function emitJust(view: ResolvedModel): GeneratedFile[] {
  const recipes = unitsOf(view.model, 'just').map((unit) => {
    const nim = sharedNim(unit);
    return {
      name: unit.name,
      params: [...new Set(unit.calls.flatMap((c) => callValues(c.call).flatMap(placeholders)))],
      origins: unit.calls.map((c) => origin(c)).join(', '),
      // Set for the driver alone when the unit pins a nim other than the one on PATH.
      nim: nim === 'nim' ? '' : nim,
      calls: unit.calls.map((c) => ({ options: driverOptions(c.call) })),
    };
  });
  return [{ path: JUST_PATH, content: render('just/ct-gen.just.hbs', { driver: DRIVER_PATH, recipes }) }];
}
