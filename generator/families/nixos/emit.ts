import { posix } from 'node:path';
import { render } from '../../render.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';
import { statusContext } from './context.js';
import { statusSchemaFiles } from './schemas.js';

/** The commands of the status tooling (seed 004), each a script of the same name. */
export const NIXOS_COMMANDS = ['nixos-build-status', 'nixos-build-wrapper', 'test-build-automation'] as const;

/** A relative path a Nix path literal can hold: `./x` rather than `x`. */
const nixPath = (from: string, to: string) => {
  const path = posix.relative(from, to);
  return path.startsWith('../') ? path : `./${path}`;
};

/**
 * The NixOS build-status tooling (seed 004): three commands, the library they source, a
 * NixOS module installing them, and JSON Schemas of the files they write.
 */
export function emitNixos(view: ResolvedModel): EmittedFile[] {
  const { layout, status } = view;
  if (status === undefined) return [];
  const moduleDir = posix.dirname(layout.nixosModule);
  const libraryName = posix.basename(layout.nixosLibrary);
  const context = {
    ...statusContext(status, posix.relative(layout.nixosCommands, layout.nixosLibrary)),
    libraryName,
    etcLibrary: `nixos-build-status/${libraryName}`,
    libraryFromModule: nixPath(moduleDir, layout.nixosLibrary),
    commandsFromModule: nixPath(moduleDir, layout.nixosCommands),
  };
  return [
    ...NIXOS_COMMANDS.map((name): EmittedFile => ({ path: `${layout.nixosCommands}/${name}`, format: 'sh', content: render(`nixos/${name}.sh.hbs`, context), mode: 0o755 })),
    { path: layout.nixosLibrary, format: 'sh', content: render('nixos/library.sh.hbs', context) },
    { path: layout.nixosModule, format: 'nix', content: render('nixos/module.nix.hbs', context) },
    ...statusSchemaFiles(status, layout.statusSchemas),
  ];
}
