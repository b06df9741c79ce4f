import { posix } from 'node:path';
import { render } from '../render.js';
import { driverOptions } from '../resolve/surface-call.js';
import type { ResolvedModel } from '../resolve/view.js';
import type { GeneratedFile } from '../types.js';
import { DRIVER_PATH } from '../driver-paths.js';
import { isPhaseVariable, placeholders } from './host-words.js';
import { callValues, origin, sharedNim, unitsOf, type Unit } from './surface-units.js';

export const NIX_PHASES_PATH = 'nix/ct-gen/build-phases.nix';
export const NIX_SHELL_PATH = 'nix/ct-gen/dev-shell.nix';

/** The nixpkgs set, an argument of the flake's perSystem; every other input is one of the flake's own packages. */
const PACKAGE_SET = 'pkgs';

/**
 * The packages some values interpolate (the first name of each `${pkg.attr}` placeholder), and
 * how the host passes them: `inherit pkgs;` from perSystem (`pkgs`), the rest from `self'.packages` (`own`).
 */
function inputsOf(values: string[]) {
  const inputs = [...new Set(values.flatMap(placeholders).filter((p) => !isPhaseVariable(p)).map((p) => p.split('.')[0]!))].sort();
  return { inputs, pkgs: inputs.includes(PACKAGE_SET), own: inputs.filter((i) => i !== PACKAGE_SET) };
}

/**
 * Build phases of the Nix derivations and a dev-shell hook, as functions of the packages they
 * interpolate, so the host's default.nix imports them and nix-instantiate can evaluate them alone.
 * Validation guarantees one nim for every Nix call and attribute names for the units.
 */
export function emitNix(view: ResolvedModel): GeneratedFile[] {
  const units: Unit[] = unitsOf(view.model, 'nix');
  if (units.length === 0) return [];
  const nim = sharedNim(units[0]!);
  const phases = units.map((unit) => ({
    name: unit.name,
    origins: unit.calls.map((c) => origin(c)).join(', '),
    calls: unit.calls.map((c) => ({ options: driverOptions(c.call) })),
  }));
  const variants = view.variants.map((v) => ({ name: v.name, dir: v.dir }));
  return [
    {
      path: NIX_PHASES_PATH,
      content: render('nix/build-phases.nix.hbs', {
        ...inputsOf(units.flatMap((u) => u.calls.flatMap((c) => callValues(c.call)))),
        driver: DRIVER_PATH,
        driverDir: posix.dirname(DRIVER_PATH),
        nim,
        phases,
      }),
    },
    {
      path: NIX_SHELL_PATH,
      content: render('nix/dev-shell.nix.hbs', { ...inputsOf([nim]), nim, variants, usage: `usage: ct_tup ${variants.map((v) => v.name).join('|')}` }),
    },
  ];
}
