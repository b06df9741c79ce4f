import { render } from '../../render.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { GeneratedFile } from '../../types.js';
import { backToRoot } from '../../resolve/surfaces.js';

export const CI_PATH = '.github/workflows/ct-gen.yml';

/** A workflow that fails when the generated build files are stale or nim is run outside the driver. */
export function emitCi(view: ResolvedModel): GeneratedFile[] {
  const { ctGenDir, nodeVersion } = view.model.surfaces.ci;
  return [{ path: CI_PATH, content: render('ci/ct-gen.yml.hbs', { ctGenDir, nodeVersion, root: backToRoot(ctGenDir) }) }];
}
