import { posix } from 'node:path';
import { continued, isPhaseVariable, nixShellWord, placeholders } from '../../host-words.js';
import { render } from '../../render.js';
import { origin } from '../../resolve/surfaces.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';

/** The nixpkgs set, an argument of the flake's perSystem; every other input is one of the flake's own packages. */
const PACKAGE_SET = 'pkgs';

/** The packages some values interpolate: the first name of each `${pkg.attr}` placeholder. */
const inputsOf = (values: string[]) => [...new Set(values.flatMap(placeholders).filter((p) => !isPhaseVariable(p)).map((p) => p.split('.')[0]!))].sort();

/** How the host passes those inputs: `inherit pkgs;` from perSystem, the rest from the flake's own packages (`layout.nixFlakePackages`). */
function inheritFrom(inputs: string[], flakePackages: string): string {
  const own = inputs.filter((i) => i !== PACKAGE_SET);
  return [...(inputs.includes(PACKAGE_SET) ? [`inherit ${PACKAGE_SET};`] : []), ...(own.length > 0 ? [`inherit (${flakePackages}) ${own.join(' ')};`] : [])].join(' ');
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
  const nimWord = nixShellWord(nim);
  const driverDir = posix.dirname(layout.driver);
  const phases = units.map((unit) => {
    const calls = unit.calls.map((c) => continued(layout.driver, c.options, '  ', nixShellWord));
    // A derivation attribute named EXTRA_DEFINES would reach the driver and every build.
    const body = [`patchShebangs ${driverDir}`, `export NIM=${nimWord}`, 'unset EXTRA_DEFINES', ...calls].join('\n');
    return { name: unit.name, origins: unit.calls.map((c) => origin(c)).join(', '), body };
  });
  const phaseInputs = inputsOf(units.flatMap((u) => u.calls.flatMap((c) => c.values)));
  const shellInputs = inputsOf([nim]);
  const variants = view.variants.map((v) => ({ name: v.name, dir: v.dir }));
  return [
    { path: layout.nixPhases, format: 'nix', content: render('nix/phases.nix.hbs', { selfPath: `<checkout>/${layout.nixPhases}`, inputs: phaseInputs, inherit: inheritFrom(phaseInputs, layout.nixFlakePackages), phases }) },
    {
      path: layout.nixShell,
      format: 'nix',
      content: render('nix/shell.nix.hbs', { selfPath: `<checkout>/${layout.nixShell}`, inputs: shellInputs, inherit: inheritFrom(shellInputs, layout.nixFlakePackages), nimWord, driverDir, variants, usage: `usage: ct_tup ${variants.map((v) => v.name).join('|')}` }),
    },
  ];
}
