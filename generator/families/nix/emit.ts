import { render } from '../../render.js';
import { driverOptions } from '../../resolve/surface-call.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { GeneratedFile } from '../../types.js';
import { DRIVER_PATH } from '../../driver-paths.js';
import { continued, isPhaseVariable, nixShellWord, placeholders } from '../../host-words.js';
import { callValues, origin, sharedNim, unitsOf, type Unit } from '../../resolve/surfaces.js';

export const NIX_PHASES_PATH = 'nix/ct-gen/build-phases.nix';
export const NIX_SHELL_PATH = 'nix/ct-gen/dev-shell.nix';

/** The nixpkgs set, an argument of the flake's perSystem; every other input is one of the flake's own packages. */
const PACKAGE_SET = 'pkgs';

/** The packages some values interpolate: the first name of each `${pkg.attr}` placeholder. */
const inputsOf = (values: string[]) => [...new Set(values.flatMap(placeholders).filter((p) => !isPhaseVariable(p)).map((p) => p.split('.')[0]!))].sort();

/** How the host passes those inputs: `inherit pkgs;` from perSystem, the rest from `self'.packages`. */
function inheritFrom(inputs: string[]): string {
  const own = inputs.filter((i) => i !== PACKAGE_SET);
  return [...(inputs.includes(PACKAGE_SET) ? [`inherit ${PACKAGE_SET};`] : []), ...(own.length > 0 ? [`inherit (self'.packages) ${own.join(' ')};`] : [])].join(' ');
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
  const nimWord = nixShellWord(nim);
  const phases = units.map((unit) => {
    const calls = unit.calls.map((c) => continued(DRIVER_PATH, driverOptions(c.call), '  ', nixShellWord));
    // A derivation attribute named EXTRA_DEFINES would reach the driver and every build.
    const body = ['patchShebangs tools/build', `export NIM=${nimWord}`, 'unset EXTRA_DEFINES', ...calls].join('\n');
    return { name: unit.name, origins: unit.calls.map((c) => origin(c)).join(', '), body };
  });
  const phaseInputs = inputsOf(units.flatMap((u) => u.calls.flatMap((c) => callValues(c.call))));
  const shellInputs = inputsOf([nim]);
  const variants = view.variants.map((v) => ({ name: v.name, dir: v.dir }));
  return [
    { path: NIX_PHASES_PATH, content: render('nix/build-phases.nix.hbs', { inputs: phaseInputs, inherit: inheritFrom(phaseInputs), phases }) },
    { path: NIX_SHELL_PATH, content: render('nix/dev-shell.nix.hbs', { inputs: shellInputs, inherit: inheritFrom(shellInputs), nimWord, variants, usage: `usage: ct_tup ${variants.map((v) => v.name).join('|')}` }) },
  ];
}
