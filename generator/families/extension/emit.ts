import { posix } from 'node:path';
import { continued, driverProgram, rootFromFile, shellWord } from '../../host-words.js';
import { render } from '../../render.js';
import { origin } from '../../resolve/surfaces.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';

/** The replacement of the extension build script: its nim builds through the driver, the rest as before. */
export function emitExtension(view: ResolvedModel): EmittedFile[] {
  const { layout } = view;
  const calls = (view.surfaces.extension ?? []).flatMap((unit) =>
    unit.calls.map((c) => ({ origin: origin(c), command: continued(driverProgram(layout.driver, unit.nim, shellWord), c.options, '  ', shellWord) })),
  );
  if (calls.length === 0) return [];
  const context = { rootFromScript: rootFromFile(layout.extension), scriptName: posix.basename(layout.extension), calls };
  return [{ path: layout.extension, format: 'sh', content: render('extension/extension.sh.hbs', context), mode: 0o755 }];
}
