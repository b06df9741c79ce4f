import type { ModelInput } from '../schema/index.js';
import { baseline } from './baseline.js';
import { bundles } from './bundles.js';
import { layout } from './layout.js';
import { legacy } from './legacy.js';
import { lint } from './lint.js';
import { packaging } from './packaging.js';
import { platforms } from './platforms.js';
import { profiles } from './profiles.js';
import { surfaces } from './surfaces.js';
import { status } from './status.js';
import { targets } from './targets.js';
import { tup } from './tup.js';

/**
 * Codetracer's build, as facts taken from its legacy build at commit a387f8fa (the Tup tree, its
 * flags and platforms); the packaging, Nix and just surfaces still follow c4e47463 (legacy.ts).
 */
export const codetracer: ModelInput = {
  layout,
  platforms,
  bundles,
  profiles,
  targets,
  packaging,
  tup,
  legacy,
  baseline: baseline as ModelInput['baseline'],
  surfaces,
  lint,
  status,
};

export default codetracer;
