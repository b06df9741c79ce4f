import type { ModelInput } from '../schema/index.js';
import { bundles } from './bundles.js';
import { legacy } from './legacy.js';
import { lint } from './lint.js';
import { packaging } from './packaging.js';
import { profiles } from './profiles.js';
import { surfaces } from './surfaces.js';
import { status } from './status.js';
import { targets } from './targets.js';
import { tup } from './tup.js';

/** Codetracer's build, as facts taken from its legacy build at commit c4e47463. */
export const codetracer: ModelInput = {
  bundles,
  profiles,
  targets,
  packaging,
  tup,
  legacy,
  surfaces,
  lint,
  status,
};

export default codetracer;
