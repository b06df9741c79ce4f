import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitNixos } from '../../generator/families/nixos/emit.js';
import { withHeader } from '../../generator/header.js';
import { resolveModel } from '../../generator/resolve/view.js';
import { tempDir, writeTree } from '../support/tree.js';
import { model } from '../support/model.js';
import { Host } from './host.js';

// As the pipeline writes them: with the generated-file header after the shebang.
const files = emitNixos(resolveModel(model)).map(withHeader);
const root = tempDir('nixos-static');
writeTree(root, files);
const scripts = files.filter((f) => f.path.startsWith('scripts/') || f.path === model.layout.nixosLibrary).map((f) => f.path);

describe('generated shell', () => {
  it.each(scripts)('%s passes bash -n', async (path) => {
    await execa('bash', ['-n', join(root, path)]);
  });

  it('passes shellcheck at every severity, no check disabled without a reason', async () => {
    const result = await execa('shellcheck', ['--severity=style', ...scripts], { cwd: root, reject: false });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
    for (const file of files) {
      for (const line of file.content.split('\n').filter((l) => l.includes('shellcheck disable'))) {
        expect(line, `${file.path}: ${line}`).toMatch(/disable=SC\d+ # \S/);
      }
    }
  });
});

// A stand-in for nixpkgs: just enough lib and pkgs for the module to evaluate. The library
// "package" is the rendered file itself, so the commands the module assembles can be run.
const EVAL = `{ libPath }:
let
  lib = {
    mkEnableOption = description: { _type = "option"; default = false; inherit description; };
    mkOption = attrs: attrs // { _type = "option"; };
    types = { bool = "bool"; str = "str"; };
    mkIf = condition: content: { _type = "if"; inherit condition content; };
    optional = cond: x: if cond then [ x ] else [ ];
    removePrefix = prefix: s:
      let n = builtins.stringLength prefix;
      in if builtins.substring 0 n s == prefix then builtins.substring n (builtins.stringLength s - n) s else s;
  };
  package = name: { inherit name; outPath = "/nix/store/00000000000000000000000000000000-\${name}"; };
  pkgs = {
    jq = package "jq";
    coreutils = package "coreutils";
    util-linux = package "util-linux";
    gnugrep = package "gnugrep";
    nix-output-monitor = package "nix-output-monitor";
    writeTextFile = args: { inherit (args) name text; outPath = libPath; };
    writeShellApplication = args: package args.name // { inherit (args) text; runtimeInputs = map (p: p.name) args.runtimeInputs; };
  };
  evaluate = nom:
    let
      module = import ./${model.layout.nixosModule} {
        config.programs.nixosBuildStatus = { enable = true; nom.enable = nom; logGroup = "builders"; };
        inherit lib pkgs;
      };
      config = module.config.content;
    in {
      options = builtins.attrNames module.options.programs.nixosBuildStatus;
      enabled = module.config.condition;
      packages = map (p: { inherit (p) name; text = p.text or null; runtimeInputs = p.runtimeInputs or [ ]; }) config.environment.systemPackages;
      etc = builtins.mapAttrs (_: v: "\${v.source}") config.environment.etc;
      tmpfiles = config.systemd.tmpfiles.rules;
    };
in { withNom = evaluate true; withoutNom = evaluate false; }
`;

interface Evaluated {
  options: string[];
  enabled: boolean;
  packages: { name: string; text: string | null; runtimeInputs: string[] }[];
  etc: Record<string, string>;
  tmpfiles: string[];
}

describe('NixOS module', () => {
  it('parses', async () => {
    await execa('nix-instantiate', ['--parse', join(root, model.layout.nixosModule)]);
  });

  it('evaluates against a stub nixpkgs, installing the three commands with their runtime inputs', async () => {
    writeFileSync(join(root, 'eval.nix'), EVAL);
    const libPath = join(root, model.layout.nixosLibrary);
    const { stdout } = await execa('nix-instantiate', ['--eval', '--strict', '--json', '--argstr', 'libPath', libPath, join(root, 'eval.nix')]);
    const { withNom, withoutNom } = JSON.parse(stdout) as { withNom: Evaluated; withoutNom: Evaluated };

    expect(withNom.options).toEqual(['enable', 'logGroup', 'nom']);
    expect(withNom.enabled).toBe(true);
    expect(withNom.tmpfiles).toEqual(['d /var/log/nixos-builds 2775 root builders - -']);
    expect(withNom.etc).toEqual({ 'nixos-build-status/build-status.sh': libPath });
    const base = ['jq', 'coreutils', 'util-linux', 'gnugrep'];
    expect(withNom.packages.map((p) => [p.name, p.runtimeInputs])).toEqual([
      ['nixos-build-status', base],
      ['nixos-build-wrapper', [...base, 'nix-output-monitor']],
      ['test-build-automation', [...base, 'nixos-build-status', 'nixos-build-wrapper']],
      ['nix-output-monitor', []],
    ]);
    expect(withoutNom.packages.map((p) => [p.name, p.runtimeInputs])).toEqual([
      ['nixos-build-status', base],
      ['nixos-build-wrapper', base],
      ['test-build-automation', [...base, 'nixos-build-status', 'nixos-build-wrapper']],
    ]);

    for (const p of withNom.packages.filter((p) => p.text !== null)) {
      const script = files.find((f) => f.path === `scripts/${p.name}`)!.content;
      expect(p.text).toBe(`NIXOS_BUILD_STATUS_LIB=${libPath}\n${script.slice(script.indexOf('\n') + 1)}`);
    }

    // The command as writeShellApplication would write it, run far from any ../lib: it finds
    // the library only through the store path the module put in front.
    const host = new Host();
    const bin = join(host.root, 'store', 'bin');
    mkdirSync(bin, { recursive: true });
    const text = withNom.packages.find((p) => p.name === 'nixos-build-status')!.text!;
    writeFileSync(join(bin, 'nixos-build-status'), `#!/bin/bash\nset -o errexit -o nounset -o pipefail\n${text}`);
    const result = await host.run(join(bin, 'nixos-build-status'), ['--json']);
    expect(result.stderr).toBe('');
    expect(host.docs.statusReport.parse(JSON.parse(result.stdout)).overallStatus).toBe('success');
  });
});
