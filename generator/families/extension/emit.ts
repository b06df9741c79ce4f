import { render } from '../../render.js';
import { driverOptions } from '../../resolve/surface-call.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { GeneratedFile } from '../../types.js';
import { continued, shellWord } from '../../host-words.js';
import { driverProgram, origin, rootFromScript, sharedNim, unitsOf } from '../../resolve/surfaces.js';

export const EXTENSION_PATH = 'tools/build/build_for_extension.sh';

/** The replacement of build_for_extension.sh: its nim builds through the driver, the rest as before. */
export function emitExtension(view: ResolvedModel): GeneratedFile[] {
  const calls = unitsOf(view.model, 'extension').flatMap((unit) =>
    unit.calls.map((c) => ({ origin: origin(c), command: continued(driverProgram(sharedNim(unit), shellWord), driverOptions(c.call), '  ', shellWord) })),
  );
  if (calls.length === 0) return [];
  const context = { rootFromScript: rootFromScript(EXTENSION_PATH), calls };
  return [{ path: EXTENSION_PATH, content: render('extension/build_for_extension.sh.hbs', context), mode: 0o755 }];
}
