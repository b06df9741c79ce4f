import { render } from '../../render.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { GeneratedFile } from '../../types.js';
import { statusContext } from './context.js';
import { statusSchemaFiles } from './schemas.js';

export const NIXOS_COMMANDS = ['nixos-build-status', 'nixos-build-wrapper', 'test-build-automation'] as const;
export const NIXOS_LIBRARY_PATH = 'lib/build-status.sh';
export const NIXOS_MODULE_PATH = 'nix/nixos/build-status.nix';

/**
 * The NixOS build-status tooling (seed 004): three commands, the library they source, a
 * NixOS module installing them, and JSON Schemas of the files they write.
 */
export function emitNixos(view: ResolvedModel): GeneratedFile[] {
  const context = statusContext(view.model.status);
  return [
    ...NIXOS_COMMANDS.map((name) => ({ path: `scripts/${name}`, content: render(`nixos/${name}.sh.hbs`, context), mode: 0o755 })),
    { path: NIXOS_LIBRARY_PATH, content: render('nixos/build-status.sh.hbs', context) },
    { path: NIXOS_MODULE_PATH, content: render('nixos/build-status.nix.hbs', context) },
    ...statusSchemaFiles(view.model.status),
  ];
}
