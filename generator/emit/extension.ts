import { render } from '../render.js';
import { driverOptions } from '../resolve/surface-call.js';
import type { ResolvedModel } from '../resolve/view.js';
import type { GeneratedFile } from '../types.js';
import { DRIVER_PATH } from '../driver-paths.js';
import { origin, rootFromScript, sharedNim, unitsOf } from './surface-units.js';

export const EXTENSION_PATH = 'tools/build/build_for_extension.sh';

/** The replacement of build_for_extension.sh: its nim builds through the driver, the rest as before. */
export function emitExtension(view: ResolvedModel): GeneratedFile[] {
  const calls = unitsOf(view.model, 'extension').flatMap((unit) =>
    // NIM is set for the driver alone when the unit pins a nim other than the one on PATH.
    unit.calls.map((c) => ({ origin: origin(c), nim: sharedNim(unit) === 'nim' ? '' : sharedNim(unit), options: driverOptions(c.call) })),
  );
  if (calls.length === 0) return [];
  const context = { rootFromScript: rootFromScript(EXTENSION_PATH), driver: DRIVER_PATH, calls };
  return [{ path: EXTENSION_PATH, content: render('extension/build_for_extension.sh.hbs', context), mode: 0o755 }];
}
