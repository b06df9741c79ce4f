import type { Profile } from '../schema/index.js';

const tupConfig = { BUILD_TESTS: '0', BUILD_UI_TESTS: '1', BUILD_SERVER: '0', DESIGN: 'true' };

/** Build modes; `debug` first, so it is the driver's default. */
export const profiles: Profile[] = [
  {
    name: 'debug',
    description: 'Developer build (legacy NIM_DEBUG_FLAGS, variant src/build-debug)',
    bundles: ['common', 'debug'],
    tup: { variantDir: 'build-debug', config: { DEBUG: '1', ...tupConfig } },
  },
  {
    name: 'release',
    description: 'Optimised build with bound checks (legacy NIM_RELEASE_FLAGS)',
    bundles: ['common', 'release'],
    tup: { variantDir: 'build-release', config: { DEBUG: '0', ...tupConfig } },
  },
  {
    name: 'plain',
    description: "nim's own defaults, no flag bundle: surfaces that never used the Tup flag sets (Nix, packaging, extension)",
    bundles: [],
  },
];
