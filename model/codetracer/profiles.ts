import type { Profile } from '../schema/index.js';

/** Build modes; `debug` first, so it is the driver's default. */
export const profiles: Profile[] = [
  {
    name: 'debug',
    description: 'Developer build (legacy NIM_DEBUG_FLAGS; Tup variant src/build-debug)',
    bundles: ['common', 'repo-paths', 'debug'],
  },
  {
    name: 'release',
    description: 'Optimised build with bound checks (legacy NIM_RELEASE_FLAGS; Tup variant src/build-release)',
    bundles: ['common', 'repo-paths', 'release'],
  },
  {
    name: 'plain',
    description: "nim's own defaults, no flag bundle: surfaces that never used the Tup flag sets (Nix, packaging, extension)",
    bundles: [],
  },
];
