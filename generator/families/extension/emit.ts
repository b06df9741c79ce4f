import { posix } from 'node:path';
import { rootFromFile } from '../../host-words.js';
import { render } from '../../render.js';
import { origin } from '../../resolve/surfaces.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';

/** The replacement of the extension build script: its nim builds through the driver, the rest as before. */
export function emitExtension(view: ResolvedModel): EmittedFile[] {
  const { layout } = view;
  const calls = (view.surfaces.extension ?? []).flatMap((unit) =>
    // NIM is set for the driver alone when the unit pins a nim other than the one on PATH.
    unit.calls.map((c) => ({ origin: origin(c), nim: unit.nim === 'nim' ? '' : unit.nim, options: c.options })),
  );
  if (calls.length === 0) return [];
  const context = { rootFromScript: rootFromFile(layout.extension), scriptName: posix.basename(layout.extension), driver: layout.driver, calls };
  return [{ path: layout.extension, format: 'sh', content: render('extension/extension.sh.hbs', context), mode: 0o755 }];
}
