import { render } from '../render.js';
import { driverOptions } from '../resolve/surface-call.js';
import type { ResolvedModel } from '../resolve/view.js';
import type { GeneratedFile } from '../types.js';
import { DRIVER_PATH } from './driver.js';
import { continued, nixShellWord, placeholders } from './host-words.js';
import { callValues, origin, sharedNim, unitsOf, type Unit } from './surface-units.js';

export const NIX_PHASES_PATH = 'nix/ct-gen/build-phases.nix';
export const NIX_SHELL_PATH = 'nix/ct-gen/dev-shell.nix';

const NIX_IDENT = /^[A-Za-z_][A-Za-z0-9_'-]*$/;

/** The packages a unit interpolates: the first name of each `${pkg.attr}` placeholder. */
const inputsOf = (units: Unit[]) =>
  [...new Set(units.flatMap((u) => u.calls.flatMap((c) => callValues(c.call).flatMap(placeholders))).map((p) => p.split('.')[0]!))].sort();

/**
 * Build phases of the Nix derivations and a dev-shell hook, as functions of the packages they
 * interpolate, so the host's default.nix imports them and nix-instantiate can evaluate them alone.
 */
export function emitNix(view: ResolvedModel): GeneratedFile[] {
  const units = unitsOf(view.model, 'nix');
  if (units.length === 0) return [];
  const nims = [...new Set(units.map(sharedNim))];
  if (nims.length !== 1) throw new Error(`the Nix derivations use different nim binaries (${nims.join(', ')}); pin one`);
  const nimWord = nixShellWord(nims[0]!);
  const phases = units.map((unit) => {
    if (!NIX_IDENT.test(unit.name)) throw new Error(`unit ${JSON.stringify(unit.name)} is not a Nix attribute name`);
    const calls = unit.calls.map((c) => continued(DRIVER_PATH, driverOptions(c.call), '  ', nixShellWord));
    return { name: unit.name, origins: unit.calls.map((c) => origin(c.legacy)).join(', '), body: ['patchShebangs tools/build', `export NIM=${nimWord}`, ...calls].join('\n') };
  });
  return [
    { path: NIX_PHASES_PATH, content: render('nix/build-phases.nix.hbs', { inputs: inputsOf(units), phases }) },
    { path: NIX_SHELL_PATH, content: render('nix/dev-shell.nix.hbs', { inputs: [...new Set(placeholders(nims[0]!).map((p) => p.split('.')[0]!))], nimWord }) },
  ];
}
