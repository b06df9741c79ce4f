import { posix } from 'node:path';
import { isPhaseVariable, placeholders } from '../../host-words.js';
import { render } from '../../render.js';
import { origin } from '../../resolve/surfaces.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';

/** The nixpkgs set, an argument of the flake's perSystem; every other input is one of the flake's own packages. */
const PACKAGE_SET = 'pkgs';

/**
 * The packages some values interpolate (the first name of each `${pkg.attr}` placeholder), and
 * how the host passes them: `inherit pkgs;` from perSystem (`pkgs`), the rest from the flake's
 * own packages (`own`, from `layout.nixFlakePackages`).
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
export function emitNix(view: ResolvedModel): EmittedFile[] {
  const { layout } = view;
  const units = view.surfaces.nix ?? [];
  if (units.length === 0) return [];
  const nim = units[0]!.nim;
  const driverDir = posix.dirname(layout.driver);
  const phases = units.map((unit) => ({
    name: unit.name,
    origins: unit.calls.map((c) => origin(c)).join(', '),
    calls: unit.calls.map((c) => ({ options: c.options })),
  }));
  const variants = view.variants.map((v) => ({ name: v.name, dir: v.dir }));
  const flakePackages = layout.nixFlakePackages;
  return [
    {
      path: layout.nixPhases,
      format: 'nix',
      content: render('nix/phases.nix.hbs', {
        ...inputsOf(units.flatMap((u) => u.calls.flatMap((c) => c.values))),
        selfPath: `<checkout>/${layout.nixPhases}`,
        flakePackages,
        driver: layout.driver,
        driverDir,
        nim,
        phases,
      }),
    },
    {
      path: layout.nixShell,
      format: 'nix',
      content: render('nix/shell.nix.hbs', { ...inputsOf([nim]), selfPath: `<checkout>/${layout.nixShell}`, flakePackages, nim, driverDir, variants, usage: `usage: ct_tup ${variants.map((v) => v.name).join('|')}` }),
    },
  ];
}
