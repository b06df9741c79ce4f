import type { Lint } from '../schema/index.js';

/** Where Codetracer may run nim without the driver (legacy tree at c4e47463). */
export const lint: Lint = {
  allow: [
    {
      glob: 'non-nix-build/install_nim_osx.sh',
      reason: 'bootstraps the nim compiler itself from csources (`bin/nim c koch.nim`): it builds nim, not a Codetracer artefact, so no driver target applies',
    },
  ],
};
