import { render } from '../render.js';
import { driverOptions } from '../resolve/surface-call.js';
import type { ResolvedModel } from '../resolve/view.js';
import type { GeneratedFile } from '../types.js';
import { DRIVER_PATH } from './driver.js';
import { continued, justWord, placeholders } from './host-words.js';
import { callValues, origin, sharedNim, unitsOf } from './surface-units.js';

export const JUST_PATH = 'just/ct-gen.just';

/** Recipes the main justfile imports: each legacy recipe that ran nim, now a driver call. */
export function emitJust(view: ResolvedModel): GeneratedFile[] {
  const recipes = unitsOf(view.model, 'just').map((unit) => {
    const nim = sharedNim(unit);
    const program = nim === 'nim' ? DRIVER_PATH : `NIM=${justWord(nim)} ${DRIVER_PATH}`;
    return {
      name: unit.name,
      params: [...new Set(unit.calls.flatMap((c) => callValues(c.call).flatMap(placeholders)))],
      origins: unit.calls.map((c) => origin(c.legacy)).join(', '),
      commands: unit.calls.map((c) => continued(program, driverOptions(c.call), '    ', justWord)),
    };
  });
  return [{ path: JUST_PATH, content: render('just/ct-gen.just.hbs', { recipes }) }];
}
