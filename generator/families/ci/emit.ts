import { backToRoot } from '../../host-words.js';
import { render } from '../../render.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';

/** A workflow that fails when the generated build files are stale or nim is run outside the driver. */
export function emitCi(view: ResolvedModel): EmittedFile[] {
  const { ctGenDir, nodeVersion } = view.ci;
  return [{ path: view.layout.ci, format: 'yaml', content: render('ci/workflow.yml.hbs', { ctGenDir, nodeVersion, root: backToRoot(ctGenDir) }) }];
}
