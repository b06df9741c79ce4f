import type { ModelInput } from '../schema/index.js';

/** Where Codetracer keeps what ct-gen generates, and the conventions of its hosts. */
export const layout: ModelInput['layout'] = {
  driver: 'tools/build/build_codetracer.sh',
  flags: 'tools/build/codetracer_flags.env',
  bundleArrayPrefix: 'CT_BUNDLE_',
  targetArrayPrefix: 'CT_TARGET_',
  reproModule: 'tools/build/ct_gen_build.nim',
  extension: 'tools/build/build_for_extension.sh',
  just: 'just/ct-gen.just',
  tupJust: 'just/tup.just',
  nixPhases: 'nix/ct-gen/build-phases.nix',
  nixShell: 'nix/ct-gen/dev-shell.nix',
  nixFlakePackages: "self'.packages",
  ci: '.github/workflows/ct-gen.yml',
  packaging: 'packaging/{platform}/build_nim_artefacts.sh',
  modelSchema: 'schemas/model.schema.json',
  statusSchemas: 'schemas/nixos',
  nixosCommands: 'scripts',
  nixosLibrary: 'lib/build-status.sh',
  nixosModule: 'nix/nixos/build-status.nix',
};
